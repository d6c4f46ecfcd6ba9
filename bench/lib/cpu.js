// @ts-check
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, getPriority, setPriority } from 'node:os';

/*
 * On a small machine the load generator and the server fight for the same cores, and the
 * numbers then measure the scheduler. Each server gets core 0 to itself; this process, and
 * so the load generator it spawns, runs on the others.
 */

/**
 * @typedef {object} CpuLayout
 * @property {boolean} pinned whether `taskset` pins the server and the load apart
 * @property {string | null} serverCores the `taskset -c` list of the server, when pinned
 * @property {string | null} loadCores the `taskset -c` list of the load generator, when pinned
 * @property {number} loadThreads threads the load generator may use
 */

/** @returns {CpuLayout} */
export function cpuLayout() {
  const cores = availableParallelism();
  const hasTaskset = spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!hasTaskset || cores < 2) {
    return { pinned: false, serverCores: null, loadCores: null, loadThreads: 1 };
  }
  return {
    pinned: true,
    serverCores: '0',
    loadCores: cores === 2 ? '1' : `1-${cores - 1}`,
    loadThreads: cores - 1,
  };
}

/**
 * Moves every thread of this process (and so the children it spawns later) to the load cores.
 * @param {CpuLayout} layout
 */
export function pinSelfToLoadCores(layout) {
  if (!layout.pinned || layout.loadCores === null) return;
  const result = spawnSync('taskset', ['-a', '-p', '-c', layout.loadCores, String(process.pid)], {
    stdio: 'ignore',
  });
  if (result.status !== 0) throw new Error('taskset could not pin the benchmark process');
}

/**
 * The command line that runs `command` on the server cores.
 * @param {CpuLayout} layout
 * @param {string} command
 * @param {readonly string[]} args
 * @returns {{ command: string, args: string[] }}
 */
export function onServerCores(layout, command, args) {
  if (!layout.pinned || layout.serverCores === null) return { command, args: [...args] };
  return { command: 'taskset', args: ['-c', layout.serverCores, command, ...args] };
}

/** The nice value the benchmark asks for: enough to win over a busy machine's tests, not all. */
const BENCH_NICE = -10;
const AUTOGROUP = '/proc/self/autogroup';

/**
 * Raises the scheduling priority of this process and of the processes it spawns, where
 * permitted, and restores it when the process exits. On a shared machine the servers and the
 * load generator otherwise get a varying slice of their cores and the figures measure the
 * neighbours. Linux puts each session in an autogroup whose weight nice values cannot
 * cross, so the autogroup's nice is raised too.
 * @returns {string} what was done, for the report
 */
export function raisePriority() {
  const done = [];
  try {
    const before = getPriority();
    setPriority(BENCH_NICE);
    process.once('exit', () => setPriority(before));
    done.push(`nice ${BENCH_NICE}`);
  } catch {
    // Not permitted: the run goes on at the normal priority.
  }
  try {
    const previous = /nice (-?\d+)/.exec(readFileSync(AUTOGROUP, 'utf8'))?.[1] ?? '0';
    writeFileSync(AUTOGROUP, String(BENCH_NICE));
    process.once('exit', () => writeFileSync(AUTOGROUP, previous));
    done.push(`autogroup nice ${BENCH_NICE}`);
  } catch {
    // No autogroups, or not permitted.
  }
  return done.length === 0 ? 'normal priority' : done.join(', ');
}
