// @ts-check
/*
 * The authenticated read without HTTP: CPU per call of `GET /me` through regstack's fetch
 * handler, of its two steps (token check, session lookup) and of the bare Hono handler, in
 * one process, hot, on a SQLite file. Unlike the load runs, these hardly move when other
 * processes share the machine, so they say where the time goes in every run.
 * Usage: node hot-path.js ITERATIONS; prints JSON. Run on the server's cores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';

/**
 * @typedef {object} HotRegstack the part of the façade this script uses
 * @property {(request: Request) => Promise<Response>} fetch
 * @property {{ decode: (token: string, purpose: 'session') => { ok: boolean, claims?: { sub: string, jti: string } } }} tokens
 * @property {{ sessions: { load: (userId: string, jti: string) => Promise<unknown> } }} storage
 * @property {() => Promise<unknown>} installSchema
 * @property {() => Promise<void>} close
 */

const iterations = Number(process.argv[2] ?? '20000');
// Loaded by URL so that type-checking the benchmark does not depend on the state of dist/.
const ENTRY = new URL('../../dist/index.js', import.meta.url).href;
/** @type {{ createRegstack: (options: { overrides: Record<string, unknown> }) => Promise<HotRegstack> }} */
const { createRegstack } = await import(ENTRY);

// The lightweight Request and Response that `regstack serve` runs with.
getRequestListener(() => new Response(null));

const dir = mkdtempSync(join(tmpdir(), 'regstack-hot-'));
const rs = await createRegstack({
  overrides: {
    jwt_secret: 'hot-path-secret-hot-path-secret-hot-path-secret',
    database_url: `sqlite:///${join(dir, 'hot.db')}`,
    require_verification: false,
    rate_limit_disabled: true,
  },
});
await rs.installSchema();
/** @param {string} path @param {unknown} body */
const post = (path, body) =>
  rs.fetch(
    new Request(`http://bench/api/auth${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
const user = { email: 'hot@example.com', password: 'hot-path-password' };
await post('/register', user);
const login = /** @type {{ access_token: string }} */ (await (await post('/login', user)).json());
const token = login.access_token;
const decoded = rs.tokens.decode(token, 'session');
if (!decoded.ok || decoded.claims === undefined)
  throw new Error('the hot-path token does not decode');
const { sub, jti } = decoded.claims;

const hono = new Hono();
hono.all('*', (c) => c.json({ ok: true }));
const headers = { authorization: `Bearer ${token}` };
const requests = Array.from(
  { length: 256 },
  () => new Request('http://bench/api/auth/me', { headers }),
);
const first = await rs.fetch(requests[0] ?? new Request('http://bench/'));
if (first.status !== 200) throw new Error(`GET /me answered ${first.status}`);

/**
 * CPU microseconds per call, the lowest of three rounds after a warm-up.
 * @param {(index: number) => unknown} call
 * @returns {Promise<number>}
 */
async function cpuPerCall(call) {
  for (let i = 0; i < iterations / 10; i += 1) await call(i);
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round += 1) {
    const start = process.cpuUsage();
    for (let i = 0; i < iterations; i += 1) await call(i);
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / iterations);
  }
  return best;
}

/** @param {number} index */
const request = (index) => requests[index % requests.length] ?? new Request('http://bench/');
const result = {
  bareHonoUs: await cpuPerCall((i) => hono.fetch(request(i))),
  meUs: await cpuPerCall((i) => rs.fetch(request(i))),
  tokenCheckUs: await cpuPerCall(() => rs.tokens.decode(token, 'session')),
  sessionLookupUs: await cpuPerCall(() => rs.storage.sessions.load(sub, jti)),
};
await rs.close();
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify(result)}\n`);
