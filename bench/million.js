// @ts-check
/*
 * `npm run bench:million`: does the cost stay flat as the user table grows? For SQLite and
 * PostgreSQL, a database of `--small` users and one of `--users` (a million by default),
 * seeded straight into the tables (not through argon2: every seeded user shares one real
 * hash), then the same figures on each: `GET /me`, sign-in, registration, the admin listing's
 * first page, a page near the end by `skip` and by `after=`, `/admin/stats`, and
 * `regstack purge` with 100,000 expired rows. Reported as the large figure over the small one.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { ensureBuilt } from './lib/build.js';
import { benchUser, call, expectStatus } from './lib/client.js';
import { cpuLayout, onServerCores, pinSelfToLoadCores } from './lib/cpu.js';
import { describeMachine } from './lib/machine.js';
import { createBenchSchema } from './lib/postgres.js';
import { freePort, startServer } from './lib/server.js';
import { REGSTACK_BIN, regstackSetup } from './lib/targets.js';
import { hasWrk, runWrk } from './lib/wrk.js';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const REPO_DIR = join(BENCH_DIR, '..');
const RESULTS_DIR = join(BENCH_DIR, 'results');
const EXPIRED_ROWS = 100_000;
const READERS = 64;
const SAMPLES = 15;

/** @param {string} line */
function log(line) {
  process.stderr.write(`${line}\n`);
}

/** @param {string[]} argv */
function parse(argv) {
  const options = { users: 1_000_000, small: 1_000, seconds: 5, backends: ['sqlite', 'postgres'] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1] ?? '';
    if (flag === '--users') options.users = Number(value);
    else if (flag === '--small') options.small = Number(value);
    else if (flag === '--seconds') options.seconds = Number(value);
    else if (flag === '--only') options.backends = value.split(',');
    else throw new Error(`bench:million: unknown option ${flag}`);
    i++;
  }
  if (!(options.users > options.small && options.small >= READERS + 1)) {
    throw new Error('bench:million: --users must exceed --small, and --small be at least 65');
  }
  return options;
}

/**
 * @typedef {object} Db
 * @property {string} url
 * @property {(statement: string, params?: unknown[]) => Promise<Record<string, unknown>[]>} query
 * @property {() => Promise<void>} close
 */

/** @returns {Promise<Db>} */
async function sqliteDb() {
  const dir = mkdtempSync(join(tmpdir(), 'regstack-million-'));
  const file = join(dir, 'bench.db');
  /** @type {import('better-sqlite3').Database | null} */
  let handle = null;
  const open = () => {
    handle ??= new Database(file);
    handle.pragma('journal_mode = WAL');
    handle.pragma('busy_timeout = 10000');
    return handle;
  };
  return {
    url: `sqlite:///${file}`,
    async query(statement, params = []) {
      const prepared = open().prepare(statement);
      if (prepared.reader)
        return /** @type {Record<string, unknown>[]} */ (prepared.all(...params));
      prepared.run(...params);
      return [];
    },
    async close() {
      handle?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** @returns {Promise<Db>} */
async function postgresDb() {
  const schema = await createBenchSchema();
  const client = new pg.Client({ connectionString: schema.url });
  await client.connect();
  return {
    url: schema.url,
    async query(statement, params = []) {
      const { rows } = await client.query(statement, params);
      return rows;
    },
    async close() {
      await client.end();
      await schema.drop();
    },
  };
}

/**
 * Seeds `count` users older than every real one, all with `hash` as their password hash,
 * and 100,000 expired blacklist rows, straight into the tables.
 * @param {'sqlite' | 'postgres'} kind
 * @param {Db} db
 * @param {number} count
 * @param {string} hash
 */
async function seed(kind, db, count, hash) {
  if (kind === 'postgres') {
    await db.query(
      `insert into users (id, email, hashed_password, is_active, is_verified, is_superuser,
         is_mfa_enabled, created_at, updated_at)
       select md5('seed' || i), 'seed-' || i || '@example.com', $1, true, true, false, false,
         timestamptz '2020-01-01' + i * interval '1 second', timestamptz '2020-01-01'
       from generate_series(1, ${count}) as i`,
      [hash],
    );
    await db.query(
      `insert into token_blacklist (jti, exp)
       select md5('expired' || i), timestamptz '2020-01-01' from generate_series(1, ${EXPIRED_ROWS}) as i`,
    );
    await db.query('analyze');
    return;
  }
  await db.query(
    `insert into users (id, email, hashed_password, is_active, is_verified, is_superuser,
       is_mfa_enabled, created_at, updated_at)
     with recursive n(i) as (select 1 union all select i + 1 from n where i < ${count})
     select printf('%032x', i), 'seed-' || i || '@example.com', ?, 1, 1, 0, 0,
       strftime('%Y-%m-%d %H:%M:%S', 1577836800 + i, 'unixepoch') || '.000000',
       '2020-01-01 00:00:00.000000'
     from n`,
    [hash],
  );
  await db.query(
    `insert into token_blacklist (jti, exp)
     with recursive n(i) as (select 1 union all select i + 1 from n where i < ${EXPIRED_ROWS})
     select printf('expired-%d', i), '2020-01-01 00:00:00.000000' from n`,
  );
  await db.query('analyze');
}

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * The median latency of `SAMPLES` sequential calls, after two unmeasured ones.
 * @param {(index: number) => Promise<void>} task
 */
async function medianMs(task) {
  /** @type {number[]} */
  const times = [];
  for (let i = -2; i < SAMPLES; i++) {
    const started = performance.now();
    await task(i + 2);
    if (i >= 0) times.push(performance.now() - started);
  }
  return median(times);
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 * @param {string} cwd
 * @returns {Promise<{ ms: number, stdout: string }>}
 */
function timedRun(command, args, env, cwd) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(command, args, { env, cwd }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${args.join(' ')}: ${error.message}\n${stderr}`));
      else resolve({ ms: performance.now() - started, stdout });
    });
  });
}

/**
 * One database of `total` users: seed, serve, measure, tear down.
 * @param {'sqlite' | 'postgres'} kind
 * @param {number} total
 * @param {{ seconds: number, layout: import('./lib/cpu.js').CpuLayout }} run
 */
async function measureSize(kind, total, run) {
  const db = kind === 'sqlite' ? await sqliteDb() : await postgresDb();
  const port = await freePort();
  const cwd = mkdtempSync(join(tmpdir(), 'regstack-million-cwd-'));
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    REGSTACK_JWT_SECRET: randomBytes(48).toString('base64url'),
    REGSTACK_DATABASE_URL: db.url,
    REGSTACK_BASE_URL: `http://127.0.0.1:${port}`,
    REGSTACK_REQUIRE_VERIFICATION: 'false',
    REGSTACK_RATE_LIMIT_DISABLED: 'true',
    REGSTACK_ENABLE_ADMIN_ROUTER: 'true',
  };
  const serve = onServerCores(run.layout, process.execPath, [
    REGSTACK_BIN,
    'serve',
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
  ]);
  const start = () =>
    startServer({ ...serve, cwd, env, port, probePath: '/api/auth/me', label: kind });
  let server = await start();
  try {
    // The 64 readers, registered and signed in for real; the first becomes the admin.
    const { read: readRequests } = await regstackSetup(port, READERS);
    const [hashRow] = await db.query(
      kind === 'sqlite'
        ? 'select hashed_password from users where email = ?'
        : 'select hashed_password from users where email = $1',
      [benchUser(0).email],
    );
    const hash = String(hashRow?.hashed_password);
    await db.query(
      kind === 'sqlite'
        ? 'update users set is_superuser = 1 where email = ?'
        : 'update users set is_superuser = true where email = $1',
      [benchUser(0).email],
    );
    const seedStarted = performance.now();
    await seed(kind, db, total - READERS, hash);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    log(`  ${kind}, ${total.toLocaleString('en-US')} users: seeded in ${seedSeconds.toFixed(1)} s`);
    // A fresh process, so that neither size profits from the other's warm caches.
    await server.stop();
    server = await start();

    // Signed in after the restart, now that the account is an admin.
    const login = await call(port, 'POST', '/api/auth/login', { json: benchUser(0) });
    const admin = {
      authorization: `Bearer ${String(/** @type {{ access_token: unknown }} */ (expectStatus(login, 200, 'admin login').body).access_token)}`,
    };
    // Warm-up, unmeasured: the JIT and the database's caches.
    await runWrk({ port, connections: READERS, seconds: 2, threads: 1, requests: readRequests });
    const read = await runWrk({
      port,
      connections: READERS,
      seconds: run.seconds,
      threads: 1,
      requests: readRequests,
    });
    if (read.notOk > 0 || read.socketErrors > 0) throw new Error(`GET /me: ${read.notOk} errors`);
    const figures = {
      meReqPerSecond: read.requests / read.seconds,
      meP99Ms: read.p99Ms,
      signInMs: await medianMs(async (i) => {
        const seeded = {
          email: `seed-${1 + ((i * 7919) % (total - READERS))}@example.com`,
          password: benchUser(0).password,
        };
        expectStatus(
          await call(port, 'POST', '/api/auth/login', { json: seeded }),
          200,
          'seeded login',
        );
      }),
      registerMs: await medianMs(async (i) => {
        const user = {
          email: `new-${i}-${randomBytes(4).toString('hex')}@example.com`,
          password: 'a-new-password-1',
        };
        expectStatus(
          await call(port, 'POST', '/api/auth/register', { json: user }),
          201,
          'register',
        );
      }),
      adminFirstPageMs: await medianMs(async () => {
        expectStatus(
          await call(port, 'GET', '/api/auth/admin/users?limit=50', { headers: admin }),
          200,
          'first page',
        );
      }),
      adminLastPageSkipMs: await medianMs(async () => {
        expectStatus(
          await call(port, 'GET', `/api/auth/admin/users?limit=50&skip=${total - 100}`, {
            headers: admin,
          }),
          200,
          'last page by skip',
        );
      }),
      adminLastPageAfterMs: 0,
      adminStatsMs: await medianMs(async () => {
        expectStatus(
          await call(port, 'GET', '/api/auth/admin/stats', { headers: admin }),
          200,
          'stats',
        );
      }),
      purgeMs: 0,
      seedSeconds,
    };
    // A keyset page near the end: after the seeded user 150 (the listing is newest first,
    // so the oldest seeded users are last).
    const [cursor] = await db.query(
      kind === 'sqlite'
        ? 'select id from users where email = ?'
        : 'select id from users where email = $1',
      ['seed-150@example.com'],
    );
    figures.adminLastPageAfterMs = await medianMs(async () => {
      const page = expectStatus(
        await call(port, 'GET', `/api/auth/admin/users?limit=50&after=${String(cursor?.id)}`, {
          headers: admin,
        }),
        200,
        'last page by after',
      );
      const items = /** @type {{ items: unknown[] }} */ (page.body).items;
      if (items.length !== 50) throw new Error(`after= answered ${items.length} users`);
    });
    await server.stop();
    const purge = await timedRun(process.execPath, [REGSTACK_BIN, 'purge'], env, cwd);
    if (!/token_blacklist[^\n]*: 100000 deleted|: 100000 deleted/.test(purge.stdout)) {
      throw new Error(`purge did not report the 100,000 expired rows:\n${purge.stdout}`);
    }
    figures.purgeMs = purge.ms;
    return figures;
  } finally {
    await server.stop();
    await db.close();
    rmSync(cwd, { recursive: true, force: true });
  }
}

const ROWS = /** @type {const} */ ([
  ['meReqPerSecond', '`GET /me`, req/s at 64 connections', 'higher'],
  ['meP99Ms', '`GET /me` p99, ms', 'lower'],
  ['signInMs', 'sign-in of a seeded user, median ms', 'lower'],
  ['registerMs', 'registration, median ms', 'lower'],
  ['adminFirstPageMs', '`GET /admin/users` first page, median ms', 'lower'],
  ['adminLastPageSkipMs', '`GET /admin/users` near the end by `skip`, median ms', 'lower'],
  ['adminLastPageAfterMs', '`GET /admin/users` near the end by `after=`, median ms', 'lower'],
  ['adminStatsMs', '`GET /admin/stats`, median ms', 'lower'],
  ['purgeMs', '`regstack purge`, 100,000 expired rows, ms (whole command)', 'lower'],
]);

async function main() {
  const options = parse(process.argv.slice(2));
  if (!hasWrk()) throw new Error('bench:million needs wrk (apt-get install wrk)');
  const machine = describeMachine();
  const layout = cpuLayout();
  pinSelfToLoadCores(layout);
  ensureBuilt(REPO_DIR, log);
  /** @type {string[]} */
  const lines = [
    `# regstack at ${options.users.toLocaleString('en-US')} users (run of ${new Date().toISOString()})`,
    '',
    `Machine: ${machine.nproc} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Linux ${machine.kernel}, Node ${machine.node}; load average ${machine.loadAverage.join(' / ')} at the start. Each size runs on a fresh database and a fresh server process, pinned as in \`npm run bench\`; latencies are medians of ${SAMPLES} sequential requests.`,
    '',
  ];
  /** @type {Record<string, unknown>} */
  const json = { date: new Date().toISOString(), machine, options, backends: {} };
  for (const kind of options.backends) {
    if (kind !== 'sqlite' && kind !== 'postgres') throw new Error(`unknown backend ${kind}`);
    log(`${kind}:`);
    const small = await measureSize(kind, options.small, { seconds: options.seconds, layout });
    const large = await measureSize(kind, options.users, { seconds: options.seconds, layout });
    /** @type {Record<string, unknown>} */ (json.backends)[kind] = { small, large };
    lines.push(
      `## ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} (seeding ${options.users.toLocaleString('en-US')} users took ${large.seedSeconds.toFixed(0)} s)`,
      '',
      `| figure | ${options.small.toLocaleString('en-US')} users | ${options.users.toLocaleString('en-US')} users | cost × small | within 1.5× |`,
      '| --- | ---: | ---: | ---: | :---: |',
    );
    for (const [key, label, better] of ROWS) {
      const a = small[key];
      const b = large[key];
      // Cost ratio: above 1 means the large database is worse, whichever way the figure runs.
      const cost = better === 'higher' ? a / b : b / a;
      const fmt = (/** @type {number} */ v) => (v >= 100 ? v.toFixed(0) : v.toFixed(2));
      lines.push(
        `| ${label} | ${fmt(a)} | ${fmt(b)} | ${cost.toFixed(2)}× | ${cost <= 1.5 ? 'yes' : '**no**'} |`,
      );
    }
    lines.push('');
  }
  const text = `${lines.join('\n')}\n`;
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'million.json'), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(RESULTS_DIR, 'million.md'), text);
  process.stdout.write(text);
}

main().catch((error) => {
  process.stderr.write(
    `bench:million: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
