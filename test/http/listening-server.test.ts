/*
 * The app behind a real node:http server, as `regstack serve` runs it: the client address
 * comes from the socket unless the operator declared a proxy (Decision 10), and two
 * instances on one PostgreSQL schema share revocation and lockout (DESIGN §18).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeClock, type FakeClock } from '../../src/clock/fake-clock.js';
import { configFromOverrides } from '../../src/config/load.js';
import type { ConfigOverrides } from '../../src/config/overrides.js';
import { createConsoleEmailTransport } from '../../src/delivery/email/console-transport.js';
import { createSilentLogger } from '../../src/logging/json-logger.js';
import { createRegstack, type Regstack } from '../../src/regstack.js';
import { createPgTestSchema, type PgTestSchema } from '../support/db.js';
import { type LocalServer, listenLocal } from '../support/listen.js';
import { testConfigOverrides } from '../support/test-regstack.js';

interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly json: Record<string, unknown>;
}

async function call(
  server: LocalServer,
  method: string,
  path: string,
  options: { json?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers = new Headers(options.headers);
  let body: string | undefined;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers.set('content-type', 'application/json');
  }
  if (options.token !== undefined) headers.set('authorization', `Bearer ${options.token}`);
  const response = await fetch(`${server.url}${path}`, { method, headers, body });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}

async function startInstance(
  overrides: ConfigOverrides,
  clock?: FakeClock,
): Promise<{ rs: Regstack; server: LocalServer }> {
  const rs = await createRegstack({
    config: configFromOverrides(testConfigOverrides(overrides)),
    clock,
    emailTransport: createConsoleEmailTransport({ print: () => undefined }),
    logger: createSilentLogger(),
  });
  await rs.installSchema();
  const server = await listenLocal(getRequestListener(rs.fetch));
  return { rs, server };
}

const SPOOFED = '203.0.113.7, 198.51.100.1';

describe('the client address of a failed login, behind a listening server', () => {
  let dir: string;
  let instance: { rs: Regstack; server: LocalServer } | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'regstack-listening-'));
  });
  afterEach(async () => {
    await instance?.server.close();
    await instance?.rs.close();
    instance = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(
    behindProxy: boolean,
    overrides: ConfigOverrides = {},
  ): Promise<LocalServer> {
    instance = await startInstance({
      database_url: `sqlite:///${join(dir, 'test.db')}`,
      behind_proxy: behindProxy,
      rate_limit_disabled: false,
      ...overrides,
    });
    return instance.server;
  }

  async function failLogin(server: LocalServer, headers: Record<string, string>): Promise<void> {
    const res = await call(server, 'POST', '/api/auth/login', {
      json: { email: 'mallory@example.com', password: 'not-the-password' },
      headers,
    });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ detail: 'Invalid email or password.' });
  }

  /** The `login_attempts.ip` column, read from the SQLite file (no repository reads it). */
  function recordedIps(): unknown[] {
    const db = new Database(join(dir, 'test.db'), { readonly: true });
    try {
      return db
        .prepare('select ip from login_attempts order by id')
        .all()
        .map((row) => (row as { ip: unknown }).ip);
    } finally {
      db.close();
    }
  }

  it('is the socket address when behind_proxy is false, even with X-Forwarded-For', async () => {
    const server = await start(false);
    await failLogin(server, { 'x-forwarded-for': SPOOFED });
    await failLogin(server, {});
    expect(recordedIps()).toEqual(['127.0.0.1', '127.0.0.1']);
  });

  it('is the right-most X-Forwarded-For address when behind_proxy is true (one proxy)', async () => {
    const server = await start(true);
    await failLogin(server, { 'x-forwarded-for': SPOOFED });
    await failLogin(server, { 'x-forwarded-for': ' 2001:db8::1 ' });
    await failLogin(server, { 'x-forwarded-for': 'forged-by-client, 192.0.2.44 , ' });
    await failLogin(server, {});
    // The lockout keys an IPv6 client by its /64.
    expect(recordedIps()).toEqual(['198.51.100.1', '2001:db8:0:0::/64', '192.0.2.44', '127.0.0.1']);
  });

  it('counts trusted_proxy_hops entries from the right', async () => {
    const server = await start(true, { trusted_proxy_hops: 2 });
    await failLogin(server, { 'x-forwarded-for': 'forged, 203.0.113.7, 10.0.0.2' });
    await failLogin(server, { 'x-forwarded-for': '198.51.100.9' });
    expect(recordedIps()).toEqual(['203.0.113.7', '198.51.100.9']);
  });
});

describe('two instances on one PostgreSQL schema', () => {
  let schema: PgTestSchema | undefined;
  let clock: FakeClock;
  let started: Array<{ rs: Regstack; server: LocalServer }> = [];
  let a: { rs: Regstack; server: LocalServer };
  let b: { rs: Regstack; server: LocalServer };

  beforeEach(async () => {
    schema = await createPgTestSchema();
    // One clock for both, as two hosts share wall-clock time.
    clock = createFakeClock();
    const overrides: ConfigOverrides = {
      database_url: schema.url,
      jwt_secret: 'one-secret-shared-by-both-instances-of-this-test-0123456789abcdef',
      rate_limit_disabled: false,
      login_lockout_threshold: 3,
    };
    a = await startInstance(overrides, clock);
    started.push(a);
    b = await startInstance(overrides, clock);
    started.push(b);
  });
  afterEach(async () => {
    for (const instance of started) {
      await instance.server.close();
      await instance.rs.close();
    }
    started = [];
    await schema?.drop();
    schema = undefined;
  });

  const credentials = { email: 'alice@example.com', password: 'hunter2hunter2' };

  it('a logout on A revokes the token on B', async () => {
    const registered = await call(a.server, 'POST', '/api/auth/register', {
      json: { ...credentials, full_name: 'Alice' },
    });
    expect(registered.status).toBe(201);
    const login = await call(a.server, 'POST', '/api/auth/login', { json: credentials });
    expect(login.status).toBe(200);
    const token = String(login.json.access_token);

    const onB = await call(b.server, 'GET', '/api/auth/me', { token });
    expect(onB.status).toBe(200);
    expect(onB.json).toMatchObject({ email: 'alice@example.com' });

    const out = await call(a.server, 'POST', '/api/auth/logout', { token });
    expect(out.status).toBe(200);
    expect(out.json).toEqual({ message: 'Logged out.' });

    for (const server of [b.server, a.server]) {
      const after = await call(server, 'GET', '/api/auth/me', { token });
      expect(after.status).toBe(401);
      expect(after.json).toEqual({ detail: 'Token has been revoked.' });
    }
  });

  it('failures on A and B add up to one lockout', async () => {
    const registered = await call(a.server, 'POST', '/api/auth/register', { json: credentials });
    expect(registered.status).toBe(201);
    const wrong = { email: credentials.email, password: 'wrong-password' };

    const failures: Array<{ server: LocalServer; advance: number }> = [
      { server: a.server, advance: 100 },
      { server: a.server, advance: 0 },
      { server: b.server, advance: 0 },
    ];
    for (const { server, advance } of failures) {
      const res = await call(server, 'POST', '/api/auth/login', { json: wrong });
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ detail: 'Invalid email or password.' });
      clock.advance(advance);
    }

    /*
     * B saw one failure itself; it is locked because it counts A's two as well. The oldest
     * failure (on A) leaves the 900 s window 800 s from now (Decision 17).
     */
    for (const server of [b.server, a.server]) {
      const locked = await call(server, 'POST', '/api/auth/login', { json: credentials });
      expect(locked.status).toBe(429);
      expect(locked.json).toEqual({
        detail: 'Too many failed attempts. Try again in 800 seconds.',
      });
      expect(locked.headers.get('retry-after')).toBe('800');
    }
  });
});
