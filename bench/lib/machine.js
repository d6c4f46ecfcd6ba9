// @ts-check
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';

/**
 * @typedef {object} Machine
 * @property {number} nproc
 * @property {string} cpuModel
 * @property {string} node
 * @property {string} kernel
 * @property {number} memoryGiB
 * @property {number[]} loadAverage the 1, 5 and 15 minute load averages when the run began
 */

/** @returns {string} */
function cpuModel() {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    return /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  } catch {
    return cpus()[0]?.model ?? 'unknown';
  }
}

/** @returns {Machine} */
export function describeMachine() {
  return {
    nproc: availableParallelism(),
    cpuModel: cpuModel(),
    node: process.version,
    kernel: release(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
  };
}

/**
 * The load generator's version line, for the record.
 * @param {'wrk' | 'autocannon'} tool
 * @returns {string}
 */
export function toolVersion(tool) {
  if (tool === 'autocannon') return 'autocannon (devDependency)';
  const result = spawnSync('wrk', ['-v'], { encoding: 'utf8' });
  return `${result.stdout}${result.stderr}`.split('\n')[0]?.trim() || 'wrk';
}
