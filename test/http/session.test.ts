import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestRegstack, HTTP_BACKENDS, type TestRegstack } from '../support/test-regstack.js';

describe.each(HTTP_BACKENDS)('sessions over HTTP on %s', (backend) => {
  let t: TestRegstack;
  beforeEach(async () => {
    t = await createTestRegstack({ backend });
  });
  afterEach(async () => {
    await t.close();
  });

  it('answers a wrong password and an unknown user with the same 401', async () => {
    await t.registerAndLogin();
    const wrong = await t.login('alice@example.com', 'wrong-password');
    const unknown = await t.login('nobody@example.com', 'hunter2hunter2');
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ detail: 'Invalid email or password.' });
    }
  });

  it('requires authentication on /me with WWW-Authenticate: Bearer', async () => {
    const variants: Record<string, string>[] = [
      {},
      { authorization: 'Basic abc' },
      { authorization: 'Bearer ' },
    ];
    for (const headers of variants) {
      const res = await t.request('GET', '/api/auth/me', { headers });
      expect(res.status).toBe(401);
      expect(res.json.detail).toBe('Authentication required.');
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('answers a forged token with Invalid token: and WWW-Authenticate', async () => {
    const { token } = await t.registerAndLogin();
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    const res = await t.request('GET', '/api/auth/me', { token: forged });
    expect(res.status).toBe(401);
    expect(String(res.json.detail)).toMatch(/^Invalid token: /);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('accepts the scheme case-insensitively', async () => {
    const { token } = await t.registerAndLogin();
    const res = await t.request('GET', '/api/auth/me', {
      headers: { authorization: `bearer ${token}` },
    });
    expect(res.status).toBe(200);
  });

  it('expires a session token after jwt_ttl_seconds', async () => {
    const { token } = await t.registerAndLogin();
    t.clock.advance(7200 - 1);
    expect((await t.request('GET', '/api/auth/me', { token })).status).toBe(200);
    t.clock.advance(6);
    const res = await t.request('GET', '/api/auth/me', { token });
    expect(res.status).toBe(401);
    expect(res.json.detail).toBe('Invalid token: Signature has expired');
  });

  it('revokes sessions issued at or before tokens_invalidated_after; a µs later is fine', async () => {
    const { token, user } = await t.registerAndLogin();
    await t.rs.storage.users.setTokensInvalidatedAfter(user._id, t.clock.now());
    const revoked = await t.request('GET', '/api/auth/me', { token });
    expect(revoked.status).toBe(401);
    expect(revoked.json.detail).toBe('Session was invalidated; please sign in again.');
    t.clock.advanceMicros(1);
    const fresh = await t.login('alice@example.com', 'hunter2hunter2');
    expect(
      (await t.request('GET', '/api/auth/me', { token: String(fresh.json.access_token) })).status,
    ).toBe(200);
  });

  it('logs out one token and leaves the other sessions alone', async () => {
    const { token } = await t.registerAndLogin();
    const second = String((await t.login('alice@example.com', 'hunter2hunter2')).json.access_token);
    expect((await t.request('POST', '/api/auth/logout', { token })).status).toBe(200);
    expect((await t.request('GET', '/api/auth/me', { token: second })).status).toBe(200);
  });

  it('fires user_logged_in and user_logged_out with the public user', async () => {
    const events: string[] = [];
    t.rs.on('user_logged_in', ({ user }) => {
      events.push(`in:${user.email}`);
    });
    t.rs.on('user_logged_out', ({ user }) => {
      events.push(`out:${user.email}`);
    });
    const loggedIn: unknown[] = [];
    t.rs.on('user_logged_in', ({ user }) => {
      loggedIn.push(user);
    });
    t.clock.advance(1.000_123);
    const { token } = await t.registerAndLogin();
    // The payload is the stored user as /me shows it, last_login (µs) included.
    const me = await t.request('GET', '/api/auth/me', { token });
    expect(loggedIn).toEqual([me.json]);
    expect(me.json.last_login).toBe('2025-01-01T00:00:01.000123Z');
    await t.request('POST', '/api/auth/logout', { token });
    expect(events).toEqual(['in:alice@example.com', 'out:alice@example.com']);
  });

  it('a throwing hook is logged and never changes the response', async () => {
    t.rs.on('user_logged_in', () => {
      throw new Error('host bug');
    });
    const unsubscribe = t.rs.on('user_logged_in', async () => {
      throw new Error('async host bug');
    });
    await t.registerAndLogin();
    unsubscribe();
    const login = await t.login('alice@example.com', 'hunter2hunter2');
    expect(login.status).toBe(200);
    const errors = t.logs
      .filter((entry) => entry.level === 'error')
      .map((entry) => entry.fields.err);
    expect(errors).toEqual(['host bug', 'async host bug', 'host bug']);
  });

  it('rejects a disabled account: wrong password 401, right password 403 (Decision 16)', async () => {
    const { user, token } = await t.registerAndLogin();
    await t.rs.storage.users.setActive(user._id, false);
    expect((await t.request('GET', '/api/auth/me', { token })).json.detail).toBe(
      'User no longer active.',
    );
    const wrong = await t.login('alice@example.com', 'not-the-password');
    expect(wrong.status).toBe(401);
    const right = await t.login('alice@example.com', 'hunter2hunter2');
    expect(right.status).toBe(403);
    expect(right.json.detail).toBe('Account is disabled.');
  });

  it('a deleted user’s token answers User no longer active.', async () => {
    const { user, token } = await t.registerAndLogin();
    await t.rs.storage.users.delete(user._id);
    const res = await t.request('GET', '/api/auth/me', { token });
    expect(res.status).toBe(401);
    expect(res.json.detail).toBe('User no longer active.');
  });

  it('PATCH /me sets full_name, and an omitted full_name clears it (Decision 27)', async () => {
    const { token } = await t.registerAndLogin();
    const set = await t.request('PATCH', '/api/auth/me', {
      token,
      json: { full_name: 'Alice X.' },
    });
    expect(set.status).toBe(200);
    expect(set.json.full_name).toBe('Alice X.');
    const cleared = await t.request('PATCH', '/api/auth/me', { token, json: {} });
    expect(cleared.status).toBe(200);
    expect(cleared.json.full_name).toBeNull();
  });

  it('upgrades a hash with other parameters after login, keeping the session valid', async () => {
    const { user } = await t.registerAndLogin();
    const { hash } = await import('@node-rs/argon2');
    const python = await hash('hunter2hunter2', {
      algorithm: 2,
      memoryCost: 65536,
      timeCost: 3,
      parallelism: 4,
    });
    await t.rs.storage.users.rehashPassword(
      user._id,
      (await t.rs.storage.users.getById(user._id))?.hashedPassword ?? '',
      python,
    );
    const login = await t.login('alice@example.com', 'hunter2hunter2');
    expect(login.status).toBe(200);
    const stored = await t.rs.storage.users.getById(user._id);
    expect(stored?.hashedPassword).not.toBe(python);
    expect(stored?.hashedPassword).toMatch(/^\$argon2id\$v=19\$m=8192,t=1,p=1\$/);
    expect(
      (await t.request('GET', '/api/auth/me', { token: String(login.json.access_token) })).status,
    ).toBe(200);
  });
});

describe.each(HTTP_BACKENDS)('login lockout on %s', (backend) => {
  let t: TestRegstack;
  beforeEach(async () => {
    t = await createTestRegstack({
      backend,
      config: {
        rate_limit_disabled: false,
        login_lockout_threshold: 3,
        login_lockout_window_seconds: 60,
      },
    });
  });
  afterEach(async () => {
    await t.close();
  });

  it('locks after the threshold, reports the remaining seconds, unlocks after the window', async () => {
    await t.registerAndLogin();
    for (let i = 0; i < 3; i++) {
      expect((await t.login('alice@example.com', 'wrong-password')).status).toBe(401);
    }
    const locked = await t.login('alice@example.com', 'hunter2hunter2');
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('60');
    expect(locked.json.detail).toBe('Too many failed attempts. Try again in 60 seconds.');
    t.clock.advance(45);
    const later = await t.login('alice@example.com', 'hunter2hunter2');
    expect(later.headers.get('retry-after')).toBe('15');
    expect(later.json.detail).toBe('Too many failed attempts. Try again in 15 seconds.');
    t.clock.advance(15);
    expect((await t.login('alice@example.com', 'hunter2hunter2')).headers.get('retry-after')).toBe(
      '1',
    );
    t.clock.advance(1);
    expect((await t.login('alice@example.com', 'hunter2hunter2')).status).toBe(200);
  });

  it('a successful login clears the counter', async () => {
    await t.registerAndLogin();
    await t.login('alice@example.com', 'wrong-password');
    await t.login('alice@example.com', 'wrong-password');
    expect((await t.login('alice@example.com', 'hunter2hunter2')).status).toBe(200);
    await t.login('alice@example.com', 'wrong-password');
    expect((await t.login('alice@example.com', 'wrong-password')).status).toBe(401);
  });

  it('counts failures for unknown emails, case-insensitively', async () => {
    expect((await t.login('ghost@example.com', 'wrong-password')).status).toBe(401);
    expect((await t.login('Ghost@example.com', 'wrong-password')).status).toBe(401);
    expect((await t.login('GHOST@EXAMPLE.COM', 'wrong-password')).status).toBe(401);
    expect((await t.login('ghost@example.com', 'wrong-password')).status).toBe(429);
  });

  it('does not count a too-short password (422)', async () => {
    await t.registerAndLogin();
    for (let i = 0; i < 5; i++) {
      expect((await t.login('alice@example.com', 'short')).status).toBe(422);
    }
    expect((await t.login('alice@example.com', 'hunter2hunter2')).status).toBe(200);
  });
});
