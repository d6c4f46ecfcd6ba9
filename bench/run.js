// @ts-check
/*
 * `npm run bench`: regstack serve (SQLite, then PostgreSQL), Better Auth and a bare Hono
 * handler, one after the other on the same pinned core, under the same load, reported as
 * ratios from this one run. `--smoke` does a few seconds of each to prove it still works.
 * Performance is reported here, never asserted in tests.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './lib/build.js';
import { cpuLayout, onServerCores, pinSelfToLoadCores, raisePriority } from './lib/cpu.js';
import { installSize } from './lib/install-size.js';
import { describeMachine, toolVersion } from './lib/machine.js';
import { measureTarget } from './lib/measure.js';
import { parseOptions } from './lib/options.js';
import { installPeers } from './lib/peers.js';
import { checkGoals, markdown } from './lib/report.js';
import { betterAuthInstalled, TARGETS } from './lib/targets.js';
import { hasWrk } from './lib/wrk.js';

/** @typedef {import('./lib/report.js').BenchReport} BenchReport */
/** @typedef {import('./lib/report.js').Argon2Rate} Argon2Rate */
/** @typedef {import('./lib/report.js').HotPath} HotPath */

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const REPO_DIR = join(BENCH_DIR, '..');
const RESULTS_DIR = join(BENCH_DIR, 'results');

/** @param {string} line */
function log(line) {
  process.stderr.write(`${line}\n`);
}

/**
 * Runs one of the in-process measurements on the server's cores and reads its JSON line.
 * @template T
 * @param {import('./lib/cpu.js').CpuLayout} layout
 * @param {string} script under bench/lib
 * @param {string} argument
 * @returns {Promise<T>}
 */
function runInProcess(layout, script, argument) {
  const { command, args } = onServerCores(layout, process.execPath, [
    join(BENCH_DIR, 'lib', script),
    argument,
  ]);
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd: REPO_DIR }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${script}: ${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

/**
 * Raw argon2id verifications per second, measured in a process of its own on the server's
 * core, before any server runs.
 * @param {import('./lib/cpu.js').CpuLayout} layout
 * @param {number} seconds
 * @returns {Promise<Argon2Rate>}
 */
function measureArgon2(layout, seconds) {
  return runInProcess(layout, 'argon2-rate.js', String(seconds));
}

const DOCS = join(REPO_DIR, 'docs', 'performance.md');
const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

/**
 * Puts a full run's table into docs/performance.md, between its markers, with the headings
 * moved under the page's own.
 * @param {string} text the run's markdown
 */
function publishToDocs(text) {
  if (!existsSync(DOCS)) return;
  const doc = readFileSync(DOCS, 'utf8');
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) return;
  const body = text
    .replace(/^# regstack benchmark \(full run, (.*)\)$/m, 'Run of $1.')
    .replace(/^## Goals$/m, '### Goals');
  writeFileSync(DOCS, `${doc.slice(0, start + START.length)}\n${body}${doc.slice(end)}`);
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const machine = describeMachine();
  const layout = cpuLayout();
  pinSelfToLoadCores(layout);
  const priority = options.priority ? raisePriority() : 'normal priority';
  if (options.build) ensureBuilt(REPO_DIR, log);

  /** @type {string[]} */
  const notes = [];
  const targets = TARGETS.filter((target) => options.targets.has(target.name));
  if (options.targets.has('better-auth') && !betterAuthInstalled()) {
    if (options.smoke) {
      notes.push(
        'Better Auth is not installed (`npm --prefix bench ci`); the smoke run left it out.',
      );
    } else {
      installPeers(BENCH_DIR, log);
    }
  }
  const runnable = targets.filter(
    (target) => target.name !== 'better-auth' || betterAuthInstalled(),
  );

  const tool = options.tool ?? (hasWrk() ? 'wrk' : 'autocannon');
  if (tool === 'autocannon') {
    notes.push(
      'wrk is not installed: autocannon generated the load, and a Node load generator is slower than the servers it drives, so the ratios understate the differences.',
    );
  }
  const pinned = `${
    layout.pinned
      ? `each server pinned to core ${layout.serverCores} with taskset, the load generator on ${layout.loadCores}`
      : 'not pinned (no taskset, or one core): server and load share the cores'
  }; ${priority}`;
  log(`bench: ${options.smoke ? 'smoke' : 'full'} run with ${toolVersion(tool)}; ${pinned}`);

  const argon2 = await measureArgon2(layout, options.smoke ? 1 : 5);
  log(`raw argon2id verify: ${argon2.perSecond.toFixed(1)}/s (${argon2.phc})`);
  /** @type {HotPath} */
  const hotPath = await runInProcess(layout, 'hot-path.js', options.smoke ? '2000' : '20000');
  log(
    `in-process GET /me: ${hotPath.meUs.toFixed(1)} µs CPU (token ${hotPath.tokenCheckUs.toFixed(1)}, lookup ${hotPath.sessionLookupUs.toFixed(1)}); bare Hono ${hotPath.bareHonoUs.toFixed(1)} µs`,
  );

  const profileDir = join(options.smoke ? tmpdir() : RESULTS_DIR, 'profiles');
  const results = [];
  for (const target of runnable) {
    log(`${target.label}:`);
    results.push(await measureTarget(target, { options, layout, tool, profileDir, log }));
  }

  /** @type {BenchReport} */
  const report = {
    mode: options.smoke ? 'smoke' : 'full',
    date: new Date().toISOString(),
    machine,
    method: {
      tool: toolVersion(tool),
      connections: options.connections,
      warmupSeconds: options.warmupSeconds,
      seconds: options.seconds,
      users: options.users,
      pinned,
    },
    argon2,
    hotPath,
    installSize: installSize(REPO_DIR),
    targets: results,
    checks: checkGoals(results, argon2),
    notes,
  };
  const text = markdown(report);
  const base = join(RESULTS_DIR, options.smoke ? 'smoke' : 'latest');
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(`${base}.md`, text);
  // In the repository's own format, so that `npm run lint` passes with the results in place.
  spawnSync(
    join(REPO_DIR, 'node_modules', '.bin', 'biome'),
    ['format', '--write', `${base}.json`],
    {
      stdio: 'ignore',
    },
  );
  process.stdout.write(`\n${text}`);
  for (const target of results) {
    if (target.profile === null) continue;
    process.stdout.write(`\nWhere ${target.label} spent its CPU (${target.profile.file}):\n`);
    for (const { share, name } of target.profile.byModule.slice(0, 15)) {
      process.stdout.write(`  ${(share * 100).toFixed(1).padStart(5)}%  ${name}\n`);
    }
    for (const { share, name } of target.profile.byFunction.slice(0, 25)) {
      process.stdout.write(`  ${(share * 100).toFixed(1).padStart(5)}%  ${name}\n`);
    }
  }
  if (!options.smoke) publishToDocs(text);
  log(`bench: wrote ${base}.json and ${base}.md`);
}

main().catch((error) => {
  process.stderr.write(
    `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
