// @ts-check
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** How long a server may take to answer its first request before the run fails. */
const START_TIMEOUT_MS = 30_000;
/** After SIGTERM a server drains; past this it is killed. */
const STOP_TIMEOUT_MS = 15_000;
const STDERR_TAIL_BYTES = 8_192;

/**
 * @typedef {object} RunningServer
 * @property {number} port
 * @property {number} pid
 * @property {number} coldStartMs spawn until the first HTTP answer (any status)
 * @property {number | null} idleRssKiB resident memory right after the first answer
 * @property {() => number | null} peakRssKiB the process's high-water mark of resident memory
 * @property {() => number | null} cpuSeconds user plus system CPU time of all its threads so far
 * @property {() => string} stderrTail
 * @property {() => Promise<void>} stop SIGTERM, wait for the exit (SIGKILL after a grace period)
 */

/** A free loopback port, found by binding port 0 and letting it go. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Spawns a server and times it until it answers `probePath` on `port`.
 * @param {{ command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, port: number, probePath: string, label: string }} spec
 * @returns {Promise<RunningServer>}
 */
export async function startServer(spec) {
  const started = performance.now();
  const child = spawn(spec.command, [...spec.args], {
    cwd: spec.cwd,
    env: spec.env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let tail = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    tail = (tail + chunk).slice(-STDERR_TAIL_BYTES);
  });
  /** @type {{ code: number | null, signal: NodeJS.Signals | null } | null} */
  let exited = null;
  const exit = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve(undefined);
    });
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${spec.label}: could not spawn ${spec.command}`);

  for (;;) {
    if (exited !== null) {
      throw new Error(`${spec.label} exited before answering (${describeExit(exited)}):\n${tail}`);
    }
    if (performance.now() - started > START_TIMEOUT_MS) {
      child.kill('SIGKILL');
      throw new Error(`${spec.label} did not answer within ${START_TIMEOUT_MS} ms:\n${tail}`);
    }
    if (await answers(spec.port, spec.probePath)) break;
    await sleep(2);
  }
  const coldStartMs = performance.now() - started;
  const idleRssKiB = procStatusKiB(pid, 'VmRSS');

  return {
    port: spec.port,
    pid,
    coldStartMs,
    idleRssKiB,
    peakRssKiB: () => procStatusKiB(pid, 'VmHWM'),
    cpuSeconds: () => procCpuSeconds(pid),
    stderrTail: () => tail,
    async stop() {
      if (exited !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exit;
      clearTimeout(timer);
    },
  };
}

/**
 * @param {{ code: number | null, signal: NodeJS.Signals | null }} exited
 * @returns {string}
 */
function describeExit(exited) {
  return exited.signal === null ? `exit code ${exited.code}` : `signal ${exited.signal}`;
}

/**
 * One GET on a fresh connection; true on any HTTP answer, false while nothing listens.
 * @param {number} port
 * @param {string} path
 * @returns {Promise<boolean>}
 */
function answers(port, path) {
  return new Promise((resolve) => {
    const probe = request(
      { host: '127.0.0.1', port, path, agent: false, timeout: 5_000 },
      (res) => {
        res.resume();
        resolve(true);
      },
    );
    probe.once('timeout', () => probe.destroy());
    probe.once('error', () => resolve(false));
    probe.end();
  });
}

/**
 * A `/proc/<pid>/status` memory field in KiB (Linux), or null where there is none.
 * @param {number} pid
 * @param {'VmRSS' | 'VmHWM'} field
 * @returns {number | null}
 */
function procStatusKiB(pid, field) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match?.[1] === undefined ? null : Number(match[1]);
  } catch {
    return null;
  }
}

/** Clock ticks per second of `/proc/<pid>/stat` times. */
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/**
 * CPU time a process has used (Linux), or null where there is no `/proc`. Unlike req/s,
 * this does not depend on how much of its core other processes on the machine took.
 * @param {number} pid
 * @returns {number | null}
 */
function procCpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
