// Advisory class 1: per-IP limits defeated by IPv6 rotation inside a /64, textual aliases of one address, or a spoofed X-Forwarded-For.
import { getRequestListener } from '@hono/node-server';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigOverrides } from '../../src/config/overrides.js';
import { normaliseIp } from '../../src/http/middleware/client-ip.js';
import { clientNetwork as rateLimitKey } from '../../src/limits/client-network.js';
import { type LocalServer, listenLocal } from '../support/listen.js';
import { createTestRegstack, HTTP_BACKENDS, type TestRegstack } from '../support/test-regstack.js';

const LIMITED: ConfigOverrides = {
  rate_limit_disabled: false,
  login_max_per_minute: 3,
  login_max_per_hour: 100_000,
  login_lockout_threshold: 100,
};

describe('normaliseIp and rateLimitKey', () => {
  it.each([
    ['2001:DB8::1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['[2001:db8::1]:8443', '2001:db8::1'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['::ffff:198.51.100.7', '198.51.100.7'],
    ['::FFFF:C633:6407', '198.51.100.7'],
    ['198.51.100.7:51234', '198.51.100.7'],
    ['198.051.100.007', '198.51.100.7'],
    [' 192.0.2.1 ', '192.0.2.1'],
    ['Not-An-Address', 'not-an-address'],
  ])('%s → %s', (raw, normal) => {
    expect(normaliseIp(raw)).toBe(normal);
  });

  it('counts IPv6 per /64 and IPv4 per address', () => {
    expect(rateLimitKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(rateLimitKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(rateLimitKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(rateLimitKey('::1')).toBe('0:0:0:0::/64');
    expect(rateLimitKey('198.51.100.7')).toBe('198.51.100.7');
    expect(rateLimitKey(null)).toBe('unknown');
  });
});

describe.each(HTTP_BACKENDS)('class 1: IP limit evasion on %s', (backend) => {
  const open: TestRegstack[] = [];
  const servers: LocalServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
    for (const t of open.splice(0)) await t.close();
  });

  async function instance(config: ConfigOverrides): Promise<TestRegstack> {
    const t = await createTestRegstack({ backend, config: { ...LIMITED, ...config } });
    open.push(t);
    return t;
  }

  function loginFrom(t: TestRegstack, forwardedFor: string) {
    return t.request('POST', '/api/auth/login', {
      json: { email: 'ghost@example.com', password: 'not-the-password' },
      headers: { 'x-forwarded-for': forwardedFor },
    });
  }

  it('rotating addresses inside one IPv6 /64 shares one budget; the next /64 has its own', async () => {
    const t = await instance({ behind_proxy: true });
    const statuses: number[] = [];
    for (const address of [
      '2001:db8:0:7::1',
      '2001:db8:0:7::abcd',
      '2001:db8:0:7:dead:beef:0:1',
      '2001:db8:0:7:ffff:ffff:ffff:ffff',
    ]) {
      statuses.push((await loginFrom(t, address)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    const other = await loginFrom(t, '2001:db8:0:8::1');
    expect(other.status).toBe(401);
    expect(other.json).toEqual({ detail: 'Invalid email or password.' });
  });

  it('spellings of one IPv6 address share one budget', async () => {
    const t = await instance({ behind_proxy: true, login_max_per_minute: 4 });
    const spellings = [
      '2001:DB8:0:9::1',
      '2001:0db8:0000:0009:0000:0000:0000:0001',
      '[2001:db8:0:9::1]:443',
      '2001:db8:0:9::1%eth0',
      '2001:db8:0:9::1',
    ];
    const statuses: number[] = [];
    for (const spelling of spellings) statuses.push((await loginFrom(t, spelling)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
  });

  it('an IPv4 address and its IPv6-mapped, padded and ported spellings share one budget', async () => {
    const t = await instance({ behind_proxy: true, login_max_per_minute: 4 });
    const spellings = [
      '198.51.100.77',
      '::ffff:198.51.100.77',
      '::FFFF:C633:644D',
      '198.051.100.077:40000',
      '198.51.100.77',
    ];
    const statuses: number[] = [];
    for (const spelling of spellings) statuses.push((await loginFrom(t, spelling)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const limited = await loginFrom(t, '198.51.100.77');
    expect(limited.json).toEqual({ detail: 'Too many requests. Try again later.' });
  });

  it('the lockout records the normalised address', async () => {
    const t = await instance({ behind_proxy: true, login_lockout_threshold: 2 });
    await t.registerAndLogin('alice@example.com', 'hunter2hunter2');
    for (const spelling of ['::ffff:203.0.113.9', '203.0.113.009']) {
      const res = await t.request('POST', '/api/auth/login', {
        json: { email: 'alice@example.com', password: 'wrong-password' },
        headers: { 'x-forwarded-for': spelling },
      });
      expect(res.status).toBe(401);
    }
    // Two failures under two spellings are two failures of one client: locked.
    const locked = await t.request('POST', '/api/auth/login', {
      json: { email: 'alice@example.com', password: 'hunter2hunter2' },
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(locked.status).toBe(429);
    expect(String(locked.json.detail)).toMatch(/^Too many failed attempts\. Try again in \d+/);
    const recent = await t.rs.storage.attempts.countRecentByClient(
      'alice@example.com',
      '203.0.113.9',
      900,
    );
    expect(recent.client.count).toBe(2);
  });

  it('the lockout counts an IPv6 client per /64, not per address', async () => {
    const t = await instance({
      behind_proxy: true,
      login_lockout_threshold: 3,
      login_lockout_account_threshold: 100,
    });
    await t.registerAndLogin('alice@example.com', 'hunter2hunter2');
    const login = (password: string, ip: string) =>
      t.request('POST', '/api/auth/login', {
        json: { email: 'alice@example.com', password },
        headers: { 'x-forwarded-for': ip },
      });
    for (const ip of ['2001:db8:7:7::1', '2001:db8:7:7:a::2', '2001:db8:7:7:ffff:ffff:ffff:3']) {
      expect((await login('wrong-password', ip)).status).toBe(401);
    }
    // A fresh address in the same /64 is the same client, already locked.
    expect((await login('hunter2hunter2', '2001:db8:7:7:1234::99')).status).toBe(429);
    // The owner elsewhere (another /64, or IPv4) is not.
    expect((await login('hunter2hunter2', '2001:db8:7:8::1')).status).toBe(200);
    expect((await login('hunter2hunter2', '198.51.100.4')).status).toBe(200);
  });

  it('a spoofed X-Forwarded-For is ignored when behind_proxy is off, on a real socket', async () => {
    const t = await instance({ behind_proxy: false });
    const server = await listenLocal(getRequestListener(t.rs.fetch));
    servers.push(server);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-forwarded-for': `203.0.113.${i + 1}`,
          'x-real-ip': `198.51.100.${i + 1}`,
        },
        body: JSON.stringify({ email: 'ghost@example.com', password: 'not-the-password' }),
      });
      await res.text();
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });
});
