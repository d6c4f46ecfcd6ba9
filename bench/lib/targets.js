// @ts-check
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchUser, call, expectStatus, forEachIndex } from './client.js';
import { startJongodb } from './mongo.js';
import { createBenchSchema } from './postgres.js';

/** @typedef {import('./options.js').TargetName} TargetName */
/** @typedef {import('./load.js').LoadRequest} LoadRequest */

/**
 * What one spawn of a server needs; `dispose` removes its database afterwards.
 * @typedef {object} Launch
 * @property {string} command
 * @property {string[]} args
 * @property {string} cwd
 * @property {NodeJS.ProcessEnv} env
 * @property {string} probePath
 * @property {() => Promise<void>} dispose
 */

/**
 * The loads of an auth server, made from the users created before measuring.
 * @typedef {object} Workload
 * @property {LoadRequest[]} read the authenticated read, one request per user's session
 * @property {LoadRequest[]} login a sign-in per user
 */

/**
 * @typedef {object} Target
 * @property {TargetName} name
 * @property {string} label
 * @property {string} readRoute what the authenticated read calls
 * @property {(port: number, nodeFlags: readonly string[]) => Promise<Launch>} launch
 * @property {((port: number, users: number) => Promise<Workload>) | null} setup null for the baseline
 */

const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));
const REPO_DIR = join(BENCH_DIR, '..');
export const REGSTACK_BIN = join(REPO_DIR, 'dist', 'cli', 'bin.js');
const JSON_TYPE = { 'content-type': 'application/json' };

/** The parent environment without any regstack or Better Auth settings of the developer's. */
function cleanEnv() {
  /** @type {NodeJS.ProcessEnv} */
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    const upper = name.toUpperCase();
    if (upper.startsWith('REGSTACK_') || upper.startsWith('BETTER_AUTH_')) continue;
    if (upper === 'NODE_OPTIONS' || upper === 'UV_THREADPOOL_SIZE') continue;
    env[name] = value;
  }
  env.NODE_ENV = 'production';
  return env;
}

/** @param {string} prefix */
function tempDir(prefix) {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: async () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * `regstack serve` from the build, configured through `REGSTACK_*` as an operator would.
 * Registration creates users directly and the per-IP limits are off, so the login runs
 * measure the server rather than the limiter.
 * @param {string} databaseUrl
 * @param {number} port
 * @param {readonly string[]} nodeFlags
 * @param {string} cwd
 * @returns {Omit<Launch, 'dispose'>}
 */
function regstackLaunch(databaseUrl, port, nodeFlags, cwd) {
  return {
    command: process.execPath,
    args: [...nodeFlags, REGSTACK_BIN, 'serve', '--host', '127.0.0.1', '--port', String(port)],
    cwd,
    env: {
      ...cleanEnv(),
      REGSTACK_JWT_SECRET: randomBytes(48).toString('base64url'),
      REGSTACK_DATABASE_URL: databaseUrl,
      REGSTACK_BASE_URL: `http://127.0.0.1:${port}`,
      REGSTACK_REQUIRE_VERIFICATION: 'false',
      REGSTACK_RATE_LIMIT_DISABLED: 'true',
    },
    probePath: '/api/auth/me',
  };
}

/**
 * @param {number} port
 * @param {number} users
 * @returns {Promise<Workload>}
 */
export async function regstackSetup(port, users) {
  const tokens = await forEachIndex(users, async (index) => {
    const user = benchUser(index);
    expectStatus(await call(port, 'POST', '/api/auth/register', { json: user }), 201, 'register');
    const login = expectStatus(
      await call(port, 'POST', '/api/auth/login', { json: user }),
      200,
      'login',
    );
    const token = /** @type {{ access_token?: unknown }} */ (login.body).access_token;
    if (typeof token !== 'string') throw new Error('login answered without an access_token');
    return token;
  });
  const me = await call(port, 'GET', '/api/auth/me', {
    headers: { authorization: `Bearer ${tokens[0]}` },
  });
  expectStatus(me, 200, 'GET /me');
  if (/** @type {{ email?: unknown }} */ (me.body).email !== benchUser(0).email) {
    throw new Error(`GET /me answered someone else: ${JSON.stringify(me.body)}`);
  }
  return {
    read: tokens.map((token) => ({
      method: 'GET',
      path: '/api/auth/me',
      headers: { authorization: `Bearer ${token}` },
    })),
    login: Array.from({ length: users }, (_, index) => ({
      method: 'POST',
      path: '/api/auth/login',
      headers: JSON_TYPE,
      body: JSON.stringify(benchUser(index)),
    })),
  };
}

/**
 * @param {number} port
 * @param {number} users
 * @returns {Promise<Workload>}
 */
async function betterAuthSetup(port, users) {
  // Better Auth refuses state-changing calls without the Origin a browser would send.
  const origin = { origin: `http://127.0.0.1:${port}` };
  const cookies = await forEachIndex(users, async (index) => {
    const user = benchUser(index);
    const signUp = await call(port, 'POST', '/api/auth/sign-up/email', {
      json: { ...user, name: `Bench ${index}` },
      headers: origin,
    });
    expectStatus(signUp, 200, 'sign-up');
    const signIn = expectStatus(
      await call(port, 'POST', '/api/auth/sign-in/email', { json: user, headers: origin }),
      200,
      'sign-in',
    );
    const cookie = signIn.headers
      .getSetCookie()
      .map((header) => header.split(';')[0] ?? '')
      .find((pair) => pair.startsWith('better-auth.session_token='));
    if (cookie === undefined) throw new Error('sign-in answered without a session cookie');
    return cookie;
  });
  const session = await call(port, 'GET', '/api/auth/get-session', {
    headers: { cookie: cookies[0] ?? '' },
  });
  expectStatus(session, 200, 'get-session');
  const body = /** @type {{ user?: { email?: unknown } } | null} */ (session.body);
  if (body?.user?.email !== benchUser(0).email) {
    throw new Error(`get-session answered without the user: ${JSON.stringify(session.body)}`);
  }
  return {
    read: cookies.map((cookie) => ({
      method: 'GET',
      path: '/api/auth/get-session',
      headers: { cookie },
    })),
    login: Array.from({ length: users }, (_, index) => ({
      method: 'POST',
      path: '/api/auth/sign-in/email',
      headers: { ...JSON_TYPE, ...origin },
      body: JSON.stringify(benchUser(index)),
    })),
  };
}

/** Whether `npm --prefix bench install` has put Better Auth in place. */
export function betterAuthInstalled() {
  return existsSync(join(BENCH_DIR, 'node_modules', 'better-auth', 'package.json'));
}

/** @type {readonly Target[]} */
export const TARGETS = [
  {
    name: 'regstack-sqlite',
    label: 'regstack, SQLite',
    readRoute: 'GET /api/auth/me',
    async launch(port, nodeFlags) {
      const dir = tempDir('regstack-bench-');
      return {
        ...regstackLaunch('sqlite:///regstack.db', port, nodeFlags, dir.path),
        dispose: dir.remove,
      };
    },
    setup: regstackSetup,
  },
  {
    name: 'regstack-postgres',
    label: 'regstack, PostgreSQL',
    readRoute: 'GET /api/auth/me',
    async launch(port, nodeFlags) {
      const dir = tempDir('regstack-bench-');
      const schema = await createBenchSchema();
      return {
        ...regstackLaunch(schema.url, port, nodeFlags, dir.path),
        async dispose() {
          await schema.drop();
          await dir.remove();
        },
      };
    },
    setup: regstackSetup,
  },
  {
    name: 'regstack-mongo',
    label: 'regstack, MongoDB (jongodb stand-in)',
    readRoute: 'GET /api/auth/me',
    async launch(port, nodeFlags) {
      const dir = tempDir('regstack-bench-');
      const mongo = await startJongodb();
      return {
        ...regstackLaunch(mongo.url, port, nodeFlags, dir.path),
        async dispose() {
          await mongo.stop();
          await dir.remove();
        },
      };
    },
    setup: regstackSetup,
  },
  {
    name: 'better-auth',
    label: 'Better Auth, SQLite',
    readRoute: 'GET /api/auth/get-session',
    async launch(port, nodeFlags) {
      const dir = tempDir('better-auth-bench-');
      return {
        command: process.execPath,
        args: [
          ...nodeFlags,
          join(BENCH_DIR, 'servers', 'better-auth.js'),
          String(port),
          'better-auth.db',
        ],
        cwd: dir.path,
        env: { ...cleanEnv(), BETTER_AUTH_SECRET: randomBytes(32).toString('base64url') },
        probePath: '/api/auth/ok',
        dispose: dir.remove,
      };
    },
    setup: betterAuthSetup,
  },
  {
    name: 'hono',
    label: 'bare Hono',
    readRoute: 'GET /api/auth/me (any path: a tiny JSON)',
    async launch(port, nodeFlags) {
      return {
        command: process.execPath,
        args: [...nodeFlags, join(BENCH_DIR, 'servers', 'bare-hono.js'), String(port)],
        cwd: REPO_DIR,
        env: cleanEnv(),
        probePath: '/',
        dispose: async () => {},
      };
    },
    setup: null,
  },
];
