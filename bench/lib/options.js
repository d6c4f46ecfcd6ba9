// @ts-check
import { parseArgs } from 'node:util';

/** The servers the benchmark knows, in the order they run. */
export const TARGET_NAMES = /** @type {const} */ ([
  'regstack-sqlite',
  'regstack-postgres',
  'regstack-mongo',
  'better-auth',
  'hono',
]);

/** @typedef {typeof TARGET_NAMES[number]} TargetName */

/**
 * @typedef {object} BenchOptions
 * @property {boolean} smoke a few seconds, to prove the benchmark still works (CI)
 * @property {ReadonlySet<TargetName>} targets
 * @property {boolean} profile run the auth servers under `node --cpu-prof` and summarise
 * @property {boolean} build build dist/ first when a source is newer
 * @property {boolean} priority raise the scheduling priority of the run (see cpu.js)
 * @property {number} warmupSeconds load before each measured run, discarded (none in smoke runs)
 * @property {number} seconds length of each measured run
 * @property {number} connections concurrent connections of every load
 * @property {number} users accounts created (and tokens issued) before measuring
 * @property {number} coldStarts spawns timed for the cold start (the last one is measured)
 * @property {'wrk' | 'autocannon' | null} tool forced load generator, else wrk when present
 */

const USAGE = `usage: npm run bench -- [--smoke] [--only NAME,…] [--profile] [--seconds N] [--tool wrk|autocannon] [--no-build]
  --smoke        a few seconds per server (Better Auth only with --only), to check that the benchmark still works
  --only         a subset of ${TARGET_NAMES.join(', ')}
  --profile      write CPU profiles of the auth servers and print where the time goes
  --seconds      length of each measured run (default 15, smoke 1)
  --tool         force the load generator (default: wrk when installed, else autocannon)
  --no-build     run dist/ as it is, even when a source is newer
  --no-priority  leave the scheduling priority alone (by default the run asks for nice -10)`;

/**
 * @param {readonly string[]} argv
 * @returns {BenchOptions}
 */
export function parseOptions(argv) {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      smoke: { type: 'boolean', default: false },
      only: { type: 'string' },
      profile: { type: 'boolean', default: false },
      seconds: { type: 'string' },
      tool: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      'no-priority': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const smoke = values.smoke === true;
  const seconds = values.seconds === undefined ? (smoke ? 1 : 15) : Number(values.seconds);
  if (!Number.isInteger(seconds) || seconds < 1)
    fail(`--seconds ${values.seconds}: not a whole number of seconds`);
  const tool = values.tool ?? null;
  if (tool !== null && tool !== 'wrk' && tool !== 'autocannon')
    fail(`--tool ${tool}: use wrk or autocannon`);
  return {
    smoke,
    targets: parseTargets(values.only, smoke),
    profile: values.profile === true,
    build: values['no-build'] !== true,
    priority: values['no-priority'] !== true,
    warmupSeconds: smoke ? 0 : 5,
    seconds,
    connections: 64,
    users: smoke ? 8 : 64,
    coldStarts: smoke ? 1 : 3,
    tool,
  };
}

/**
 * Every server, except that a smoke run leaves the slow peer out unless `--only` names it.
 * @param {string | undefined} only
 * @param {boolean} smoke
 * @returns {ReadonlySet<TargetName>}
 */
function parseTargets(only, smoke) {
  if (only === undefined) {
    return new Set(TARGET_NAMES.filter((name) => !smoke || name !== 'better-auth'));
  }
  /** @type {Set<TargetName>} */
  const chosen = new Set();
  for (const name of only.split(',').map((part) => part.trim())) {
    const known = TARGET_NAMES.find((target) => target === name);
    if (known === undefined) fail(`--only ${name}: unknown server`);
    else chosen.add(known);
  }
  return chosen;
}

/**
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  process.stderr.write(`bench: ${message}\n${USAGE}\n`);
  process.exit(2);
}
