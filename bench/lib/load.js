// @ts-check
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runWrk } from './wrk.js';

/**
 * @typedef {object} LoadRequest
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string>} [headers]
 * @property {string} [body]
 */

/**
 * @typedef {object} LoadSpec
 * @property {number} port
 * @property {number} connections
 * @property {number} seconds
 * @property {number} threads load-generator threads (wrk only)
 * @property {readonly LoadRequest[]} requests sent round-robin
 * @property {boolean} [honourRetryAfter] after a 429 or 503, wait as its Retry-After says
 *   before the next request, as a well-behaved client does (wrk only)
 */

/**
 * @typedef {object} LoadResult
 * @property {number} requests answered requests
 * @property {number} ok answers below 400
 * @property {number} notOk answers of 400 and above
 * @property {number} socketErrors connect, read, write errors and timeouts
 * @property {number} seconds
 * @property {number} p50Ms
 * @property {number} p90Ms
 * @property {number} p99Ms
 * @property {number} maxMs
 */

const AUTOCANNON_LOAD = fileURLToPath(new URL('./autocannon-load.js', import.meta.url));

/**
 * Drives `spec` with the chosen tool, on the cores this process is pinned to.
 * @param {'wrk' | 'autocannon'} tool
 * @param {LoadSpec} spec
 * @returns {Promise<LoadResult>}
 */
export function runLoad(tool, spec) {
  if (tool === 'wrk') return runWrk(spec);
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [AUTOCANNON_LOAD, JSON.stringify(spec)],
      { maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`autocannon failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout));
      },
    );
  });
}
