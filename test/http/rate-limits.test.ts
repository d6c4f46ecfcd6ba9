import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigOverrides } from '../../src/config/overrides.js';
import { openRateLimitStore, RateLimitStoreError } from '../../src/limits/rate-limit-store.js';
import { createPgTestSchema, type PgTestSchema } from '../support/db.js';
import { createTestRegstack, type TestRegstack } from '../support/test-regstack.js';

const REDIS_URL = 'redis://127.0.0.1:6379';

/** A fresh client address per test, so shared stores never mix tests' counters. */
function randomIp(): string {
  const b = randomBytes(3);
  return `10.${b[0]}.${b[1]}.${b[2]}`;
}

describe('per-IP rate limits (Decision 10)', () => {
  const open: TestRegstack[] = [];
  let schema: PgTestSchema | undefined;
  afterEach(async () => {
    for (const t of open.splice(0)) await t.close();
    await schema?.drop();
    schema = undefined;
  });

  async function instance(config: ConfigOverrides = {}): Promise<TestRegstack> {
    const t = await createTestRegstack({
      config: { rate_limit_disabled: false, behind_proxy: true, ...config },
    });
    open.push(t);
    return t;
  }

  function loginFrom(t: TestRegstack, ip: string) {
    return t.request('POST', '/api/auth/login', {
      json: { email: 'ghost@example.com', password: 'hunter2hunter2' },
      headers: { 'x-forwarded-for': ip },
    });
  }

  it('limits POST /login per client address with 429 and Retry-After', async () => {
    const t = await instance({ login_max_per_minute: 3, login_lockout_threshold: 100 });
    const ip = randomIp();
    for (let i = 0; i < 3; i++) expect((await loginFrom(t, ip)).status).toBe(401);
    const limited = await loginFrom(t, ip);
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({ detail: 'Too many requests. Try again later.' });
    const retry = Number(limited.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    expect((await loginFrom(t, randomIp())).status).toBe(401);
  });

  it('applies the hourly login limit too', async () => {
    const t = await instance({
      login_max_per_minute: 100,
      login_max_per_hour: 2,
      login_lockout_threshold: 100,
    });
    const ip = randomIp();
    await loginFrom(t, ip);
    await loginFrom(t, ip);
    const limited = await loginFrom(t, ip);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(60);
  });

  it('limits register, resend-verification and forgot-password with their own settings', async () => {
    const t = await instance({
      register_max_per_minute: 1,
      resend_verification_max_per_minute: 1,
      forgot_password_max_per_minute: 1,
    });
    const ip = randomIp();
    const headers = { 'x-forwarded-for': ip };
    const cases: Array<[string, unknown]> = [
      ['/api/auth/register', { email: 'a@example.com', password: 'hunter2hunter2' }],
      ['/api/auth/resend-verification', { email: 'a@example.com' }],
      ['/api/auth/forgot-password', { email: 'a@example.com' }],
    ];
    for (const [path, json] of cases) {
      expect((await t.request('POST', path, { json, headers })).status).toBeLessThan(300);
      const limited = await t.request('POST', path, { json, headers });
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).not.toBeNull();
    }
  });

  it('counts before the body is read: a malformed body still uses up the budget', async () => {
    const t = await instance({ register_max_per_minute: 1 });
    const headers = { 'x-forwarded-for': randomIp() };
    const bad = await t.request('POST', '/api/auth/register', {
      body: '{',
      contentType: 'application/json',
      headers,
    });
    expect(bad.status).toBe(422);
    const limited = await t.request('POST', '/api/auth/register', {
      body: '{',
      contentType: 'application/json',
      headers,
    });
    expect(limited.status).toBe(429);
  });

  it('ignores X-Forwarded-For unless behind_proxy is set', async () => {
    const t = await instance({
      behind_proxy: false,
      login_max_per_minute: 2,
      login_lockout_threshold: 100,
    });
    // In process there is no socket: every request shares the unknown-address bucket,
    // whatever address it claims.
    await loginFrom(t, randomIp());
    await loginFrom(t, randomIp());
    expect((await loginFrom(t, randomIp())).status).toBe(429);
  });

  it('is off when rate_limit_disabled is true', async () => {
    const t = await instance({ rate_limit_disabled: true, login_max_per_minute: 1 });
    const ip = randomIp();
    for (let i = 0; i < 4; i++) expect((await loginFrom(t, ip)).status).toBe(401);
  });

  it('shares counters across two instances through Redis', async () => {
    const a = await instance({
      rate_limit_store_url: REDIS_URL,
      login_max_per_minute: 3,
      login_lockout_threshold: 100,
    });
    const b = await instance({
      rate_limit_store_url: REDIS_URL,
      login_max_per_minute: 3,
      login_lockout_threshold: 100,
    });
    const ip = randomIp();
    await loginFrom(a, ip);
    await loginFrom(b, ip);
    await loginFrom(a, ip);
    expect((await loginFrom(b, ip)).status).toBe(429);
  });

  it('shares counters across two instances through PostgreSQL', async () => {
    schema = await createPgTestSchema();
    const config = {
      rate_limit_store_url: schema.url,
      login_max_per_minute: 2,
      login_lockout_threshold: 100,
    };
    const a = await instance(config);
    const b = await instance(config);
    const ip = randomIp();
    await loginFrom(a, ip);
    await loginFrom(b, ip);
    expect((await loginFrom(a, ip)).status).toBe(429);
  });

  it('refuses to start when the configured store cannot be reached', async () => {
    await expect(
      createTestRegstack({
        config: { rate_limit_disabled: false, rate_limit_store_url: 'redis://127.0.0.1:1' },
      }),
    ).rejects.toThrow(/Cannot reach the rate-limit store at redis:\/\/127\.0\.0\.1:1/);
    await expect(openRateLimitStore('memcached://x')).rejects.toThrow(
      /Unrecognised rate_limit_store_url/,
    );
  });

  it('with the limits off, a configured store is not even opened', async () => {
    const t = await instance({
      rate_limit_disabled: true,
      rate_limit_store_url: 'redis://127.0.0.1:1',
    });
    expect((await loginFrom(t, randomIp())).status).toBe(401);
  });

  it('a store that fails later answers 503 at the route, never lets traffic through', async () => {
    const store = await openRateLimitStore(REDIS_URL, `test-${randomBytes(4).toString('hex')}`);
    const limiter = await store.limiter('probe', 5, 60);
    expect(await limiter.hit('k')).toEqual({ allowed: true });
    await store.close();
    await expect(limiter.hit('k')).rejects.toBeInstanceOf(RateLimitStoreError);
  });
});
