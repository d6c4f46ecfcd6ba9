import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomToken } from '../../src/crypto/random.js';
import { createPgTestSchema, type PgTestSchema } from '../support/db.js';
import {
  cleanEnv,
  ensureBuilt,
  killLeftovers,
  type ServeProcess,
  startServe,
} from './serve-process.js';

/*
 * Scale-out (DESIGN §18): two `regstack serve` processes on one PostgreSQL schema and one
 * Redis behave like one server. Nothing is shared between them but the database and Redis.
 */

describe('two regstack serve processes on one PostgreSQL database and one Redis', () => {
  let schema: PgTestSchema;
  let dir: string;
  let a: ServeProcess;
  let b: ServeProcess;
  const ip = `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

  beforeAll(async () => {
    ensureBuilt();
    schema = await createPgTestSchema();
    dir = mkdtempSync(join(tmpdir(), 'regstack-two-'));
    const env = cleanEnv(dir, {
      REGSTACK_DATABASE_URL: schema.url,
      REGSTACK_JWT_SECRET: randomToken(64),
      REGSTACK_REQUIRE_VERIFICATION: 'false',
      REGSTACK_RATE_LIMIT_STORE_URL: 'redis://127.0.0.1:6379',
      REGSTACK_BEHIND_PROXY: 'true',
      REGSTACK_LOGIN_LOCKOUT_THRESHOLD: '3',
      REGSTACK_REGISTER_MAX_PER_MINUTE: '4',
      REGSTACK_PASSWORD_HASH_MEMORY_KIB: '8192',
      REGSTACK_PASSWORD_HASH_ITERATIONS: '1',
    });
    a = await startServe({ cwd: dir, env });
    // The second instance finds the schema migrated and the migrator lock free.
    b = await startServe({ cwd: dir, env });
  }, 60_000);

  afterAll(async () => {
    killLeftovers();
    await schema?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function call(
    server: ServeProcess,
    method: string,
    path: string,
    options: { json?: unknown; token?: string; from?: string } = {},
  ): Promise<{ status: number; json: Record<string, unknown> }> {
    const headers: Record<string, string> = { 'x-forwarded-for': options.from ?? ip };
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    const res = await fetch(`${server.url}/api/auth${path}`, {
      method,
      headers,
      ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {}),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  async function login(server: ServeProcess, email: string, password: string): Promise<string> {
    const res = await call(server, 'POST', '/login', { json: { email, password } });
    expect(res.status).toBe(200);
    return String(res.json.access_token);
  }

  it('a logout on A rejects the token on B at once', async () => {
    expect(
      (
        await call(a, 'POST', '/register', {
          json: { email: 'ann@example.com', password: 'hunter2hunter2' },
        })
      ).status,
    ).toBe(201);
    const token = await login(b, 'ann@example.com', 'hunter2hunter2');
    expect((await call(a, 'GET', '/me', { token })).status).toBe(200);
    expect((await call(a, 'POST', '/logout', { token })).status).toBe(200);
    const onB = await call(b, 'GET', '/me', { token });
    expect(onB.status).toBe(401);
    expect(onB.json.detail).toBe('Token has been revoked.');
  });

  it('a password change on A ends the sessions on B', async () => {
    await call(b, 'POST', '/register', {
      json: { email: 'bo@example.com', password: 'hunter2hunter2' },
    });
    const onB = await login(b, 'bo@example.com', 'hunter2hunter2');
    const onA = await login(a, 'bo@example.com', 'hunter2hunter2');
    const changed = await call(a, 'POST', '/change-password', {
      token: onA,
      json: { current_password: 'hunter2hunter2', new_password: 'another-password' },
    });
    expect(changed.status).toBe(200);
    const res = await call(b, 'GET', '/me', { token: onB });
    expect(res.status).toBe(401);
    expect(res.json.detail).toBe('Session was invalidated; please sign in again.');
  });

  it('failed logins on A and B add up to one lockout', async () => {
    const wrong = { email: 'cy@example.com', password: 'wrong-password' };
    expect((await call(a, 'POST', '/login', { json: wrong })).status).toBe(401);
    expect((await call(b, 'POST', '/login', { json: wrong })).status).toBe(401);
    expect((await call(a, 'POST', '/login', { json: wrong })).status).toBe(401);
    const locked = await call(b, 'POST', '/login', { json: wrong });
    expect(locked.status).toBe(429);
    expect(String(locked.json.detail)).toMatch(
      /^Too many failed attempts\. Try again in \d+ seconds\.$/,
    );
  });

  it('per-IP limits are shared through Redis', async () => {
    // Two registrations above already used this address's budget of 4 per minute.
    const body = (n: number) => ({
      json: { email: `ip${n}@example.com`, password: 'hunter2hunter2' },
    });
    expect((await call(a, 'POST', '/register', body(1))).status).toBe(201);
    expect((await call(b, 'POST', '/register', body(2))).status).toBe(201);
    const limited = await call(a, 'POST', '/register', body(3));
    expect(limited.status).toBe(429);
    expect(limited.json.detail).toBe('Too many requests. Try again later.');
  });

  it('sessions signed in on A and B are listed on either and revoked across both', async () => {
    // Another client address: the per-IP registration budget above is spent.
    const from = '10.8.1.1';
    const signIn = async (server: ServeProcess): Promise<string> => {
      const res = await call(server, 'POST', '/login', {
        from,
        json: { email: 'di@example.com', password: 'hunter2hunter2' },
      });
      expect(res.status).toBe(200);
      return String(res.json.access_token);
    };
    const registered = await call(a, 'POST', '/register', {
      from,
      json: { email: 'di@example.com', password: 'hunter2hunter2' },
    });
    expect(registered.status).toBe(201);
    const onA = await signIn(a);
    const onB = await signIn(b);
    const third = await signIn(a);

    const listed = await call(b, 'GET', '/sessions', { token: onA, from });
    expect(listed.status).toBe(200);
    const sessions = listed.json.sessions as Array<{ id: string; current: boolean; ip: string }>;
    expect(sessions).toHaveLength(3);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    expect(sessions.every((s) => s.ip === from)).toBe(true);

    // Revoke B's session through A, by the id B lists as its own.
    const own = (await call(b, 'GET', '/sessions', { token: onB, from })).json.sessions as Array<{
      id: string;
      current: boolean;
    }>;
    const bSession = own.find((s) => s.current);
    const revoked = await call(a, 'DELETE', `/sessions/${bSession?.id}`, { token: onA, from });
    expect(revoked.status).toBe(200);
    const onBNow = await call(b, 'GET', '/me', { token: onB, from });
    expect(onBNow.status).toBe(401);
    expect(onBNow.json.detail).toBe('Token has been revoked.');

    // Revoke-others on B ends A's third session on A.
    const others = await call(b, 'POST', '/sessions/revoke-others', { token: onA, from });
    expect(others.status).toBe(200);
    expect((await call(a, 'GET', '/me', { token: third, from })).status).toBe(401);
    expect((await call(a, 'GET', '/me', { token: onA, from })).status).toBe(200);
    const left = await call(a, 'GET', '/sessions', { token: onA, from });
    expect(left.json.sessions).toHaveLength(1);
  });
});
