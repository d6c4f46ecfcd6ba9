// @ts-check
/*
 * The ceiling for login throughput: raw argon2id verifications per second, in one process,
 * with the parameters of regstack's default configuration and as many in flight as its
 * hashing gate admits (the cores this process may use). Run on the server's cores.
 * Usage: node argon2-rate.js SECONDS; prints JSON.
 */
import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';

const seconds = Number(process.argv[2] ?? '5');
// Loaded by URL so that type-checking the benchmark does not depend on the state of dist/.
const DEFAULTS = new URL('../../dist/config/defaults.js', import.meta.url).href;
/** @type {{ defaultConfig: () => { password_hash_memory_kib: number, password_hash_iterations: number, password_hash_parallelism: number } }} */
const { defaultConfig } = await import(DEFAULTS);
const config = defaultConfig();
const params = {
  memoryCost: config.password_hash_memory_kib,
  timeCost: config.password_hash_iterations,
  parallelism: config.password_hash_parallelism,
  outputLen: 32,
};
const password = 'bench-password-0';
const phc = await hash(password, params);
const concurrency = availableParallelism();

// One warm-up verification per slot, so the first timed ones do not pay for thread start-up.
await Promise.all(Array.from({ length: concurrency }, () => verify(phc, password)));

let count = 0;
const started = performance.now();
const deadline = started + seconds * 1000;
async function worker() {
  while (performance.now() < deadline) {
    if (!(await verify(phc, password))) throw new Error('argon2 verification failed');
    count += 1;
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
const elapsed = (performance.now() - started) / 1000;
process.stdout.write(
  `${JSON.stringify({ perSecond: count / elapsed, concurrency, phc: phc.replace(/\$[^$]*\$[^$]*$/, '') })}\n`,
);
