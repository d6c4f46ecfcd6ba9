// @ts-check
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { call } from './client.js';
import { onServerCores } from './cpu.js';
import { runLoad } from './load.js';
import { summariseProfile } from './profile-summary.js';
import { freePort, startServer } from './server.js';

/** @typedef {import('./options.js').BenchOptions} BenchOptions */
/** @typedef {import('./cpu.js').CpuLayout} CpuLayout */
/** @typedef {import('./load.js').LoadRequest} LoadRequest */
/** @typedef {import('./load.js').LoadResult} LoadResult */
/** @typedef {import('./targets.js').Target} Target */

/**
 * @typedef {LoadResult & { perSecond: number, cpuUsPerOk: number | null }} Rate
 * `perSecond` counts the answers below 400 only; `cpuUsPerOk` is the server's CPU time
 * (all threads) over the run divided by those answers, which other load on the machine
 * does not skew the way it skews req/s.
 */

/**
 * @typedef {object} TargetResult
 * @property {string} name
 * @property {string} label
 * @property {string} readRoute
 * @property {number} coldStartMs the median of the timed spawns
 * @property {number[]} coldStartSamplesMs
 * @property {number | null} idleRssMiB right after the first answer
 * @property {number | null} peakRssMiB the high-water mark over the whole run
 * @property {Rate} read the authenticated read alone
 * @property {Rate | null} login sign-ins alone
 * @property {{ read: Rate, login: Rate } | null} storm the read with a login storm beside it
 * @property {import('./profile-summary.js').ProfileSummary | null} profile
 */

/**
 * @typedef {object} MeasureContext
 * @property {BenchOptions} options
 * @property {CpuLayout} layout
 * @property {'wrk' | 'autocannon'} tool
 * @property {string} profileDir
 * @property {(line: string) => void} log
 */

/** What a skipped (zero-second) warm-up reports. */
const EMPTY_LOAD = {
  requests: 0,
  ok: 0,
  notOk: 0,
  socketErrors: 0,
  seconds: 0,
  p50Ms: 0,
  p90Ms: 0,
  p99Ms: 0,
  maxMs: 0,
};

/** A request of the same shape as the authenticated read, for the baseline. */
const BASELINE_READ = {
  method: 'GET',
  path: '/api/auth/me',
  headers: { authorization: `Bearer ${'x'.repeat(180)}` },
};

/**
 * @param {LoadResult} result
 * @param {number | null} cpuSeconds the server's CPU time over the run
 * @returns {Rate}
 */
function rate(result, cpuSeconds) {
  return {
    ...result,
    perSecond: result.ok / result.seconds,
    cpuUsPerOk: cpuSeconds === null || result.ok === 0 ? null : (cpuSeconds * 1e6) / result.ok,
  };
}

/**
 * Runs `work` and reports the server's CPU seconds spent meanwhile.
 * @template T
 * @param {import('./server.js').RunningServer} server
 * @param {() => Promise<T>} work
 * @returns {Promise<[T, number | null]>}
 */
async function withCpu(server, work) {
  const before = server.cpuSeconds();
  const result = await work();
  const after = server.cpuSeconds();
  return [result, before === null || after === null ? null : after - before];
}

/**
 * @param {number[]} values
 * @returns {number}
 */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * @param {number | null} kib
 * @returns {number | null}
 */
function mib(kib) {
  return kib === null ? null : kib / 1024;
}

/**
 * Spawns `target` `coldStarts` times on a fresh database each time, timing each spawn until
 * its first answer, then loads the last one: warm-up, the read alone, sign-ins alone, and
 * the read beside a login storm.
 * @param {Target} target
 * @param {MeasureContext} context
 * @returns {Promise<TargetResult>}
 */
export async function measureTarget(target, context) {
  const { options, layout, log } = context;
  const coldStarts = [];
  /** @type {import('./server.js').RunningServer | null} */
  let server = null;
  /** @type {import('./targets.js').Launch | null} */
  let launch = null;
  const profileDir = join(context.profileDir, target.name);
  try {
    for (let round = 0; round < options.coldStarts; round += 1) {
      const last = round === options.coldStarts - 1;
      const port = await freePort();
      /** @type {string[]} */
      let flags = [];
      if (last && options.profile && target.setup !== null) {
        mkdirSync(profileDir, { recursive: true });
        flags = ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
      }
      launch = await target.launch(port, flags);
      server = await startServer({
        ...onServerCores(layout, launch.command, launch.args),
        cwd: launch.cwd,
        env: launch.env,
        port,
        probePath: launch.probePath,
        label: target.label,
      });
      coldStarts.push(server.coldStartMs);
      if (!last) {
        await server.stop();
        await launch.dispose();
        server = null;
        launch = null;
      }
    }
    if (server === null) throw new Error('no server was started');
    log(`  cold start ${coldStarts.map((ms) => ms.toFixed(0)).join(', ')} ms`);

    const load = loader(context, server.port);
    const workload = target.setup === null ? null : await target.setup(server.port, options.users);
    const readRequests = workload === null ? [BASELINE_READ] : workload.read;

    await load(readRequests, options.warmupSeconds);
    const read = rate(...(await withCpu(server, () => load(readRequests, options.seconds))));
    if (read.notOk > 0 || read.ok === 0) {
      throw new Error(
        `${target.label}: the read answered ${read.notOk} errors of ${read.requests}`,
      );
    }
    log(
      `  read ${fmt(read.perSecond)} req/s (${fmt(read.cpuUsPerOk ?? Number.NaN)} µs CPU each), p50 ${read.p50Ms.toFixed(2)} ms, p99 ${read.p99Ms.toFixed(2)} ms`,
    );

    /** @type {Rate | null} */
    let login = null;
    /** @type {{ read: Rate, login: Rate } | null} */
    let storm = null;
    if (workload !== null) {
      const signIn = workload.login[0];
      if (signIn === undefined) throw new Error('no sign-in request');
      // Sign-ins alone: the clients wait out a 429's Retry-After, as the server asks, so the
      // figure is the throughput of a saturated hasher. The storm below does not wait.
      await load(workload.login, options.warmupSeconds, true);
      await drain(server.port, signIn);
      login = rate(...(await withCpu(server, () => load(workload.login, options.seconds, true))));
      await drain(server.port, signIn);
      log(
        `  login ${fmt(login.perSecond)}/s (${login.notOk} refused; ${fmt((login.cpuUsPerOk ?? Number.NaN) / 1000)} ms CPU each), p99 ${login.p99Ms.toFixed(0)} ms`,
      );

      const [stormRead, stormLogin] = await Promise.all([
        load(readRequests, options.seconds),
        load(workload.login, options.seconds),
      ]);
      storm = { read: rate(stormRead, null), login: rate(stormLogin, null) };
      await drain(server.port, signIn);
      if (storm.read.notOk > 0) {
        throw new Error(
          `${target.label}: the read answered ${storm.read.notOk} errors during the storm`,
        );
      }
      log(
        `  read during a login storm: p99 ${storm.read.p99Ms.toFixed(2)} ms, ${fmt(storm.read.perSecond)} req/s; logins ${fmt(storm.login.perSecond)}/s`,
      );
    }

    const peakRssKiB = server.peakRssKiB();
    await server.stop();
    const idleRssKiB = server.idleRssKiB;
    server = null;
    return {
      name: target.name,
      label: target.label,
      readRoute: target.readRoute,
      coldStartMs: median(coldStarts),
      coldStartSamplesMs: coldStarts,
      idleRssMiB: mib(idleRssKiB),
      peakRssMiB: mib(peakRssKiB),
      read,
      login,
      storm,
      profile: options.profile ? latestProfile(profileDir) : null,
    };
  } catch (error) {
    if (server !== null) {
      const tail = server.stderrTail();
      if (tail !== '') log(`  ${target.label} stderr:\n${tail}`);
    }
    throw error;
  } finally {
    await server?.stop();
    await launch?.dispose();
  }
}

/**
 * @param {MeasureContext} context
 * @param {number} port
 * @returns {(requests: readonly LoadRequest[], seconds: number, honourRetryAfter?: boolean) => Promise<LoadResult>}
 */
function loader(context, port) {
  return async (requests, seconds, honourRetryAfter = false) =>
    seconds === 0
      ? EMPTY_LOAD
      : runLoad(context.tool, {
          port,
          connections: context.options.connections,
          seconds,
          threads: context.layout.loadThreads,
          requests,
          honourRetryAfter,
        });
}

/**
 * Waits until the sign-ins the last load left queued (the load generator hangs up, the
 * server still hashes) are done: one more sign-in, queued behind them, has been answered.
 * @param {number} port
 * @param {LoadRequest} request
 */
async function drain(port, request) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const answer = await call(port, request.method, request.path, {
      headers: request.headers ?? {},
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    if (answer.status < 400) return;
    if (answer.status !== 429 && answer.status !== 503) {
      throw new Error(
        `a sign-in after the load failed: ${answer.status} ${JSON.stringify(answer.body)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the server did not finish its queued sign-ins within 120 s');
}

/**
 * @param {string} dir
 * @returns {import('./profile-summary.js').ProfileSummary | null}
 */
function latestProfile(dir) {
  // Only the auth servers run under --cpu-prof; the bare handler leaves no folder.
  if (!existsSync(dir)) return null;
  const file = readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .sort()
    .at(-1);
  return file === undefined ? null : summariseProfile(join(dir, file));
}

/** @param {number} value */
function fmt(value) {
  return Math.round(value).toLocaleString('en-US');
}
