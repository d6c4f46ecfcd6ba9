import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestRegstack, HTTP_BACKENDS, type TestRegstack } from '../support/test-regstack.js';

/** `name=value` pairs of the Set-Cookie headers, plus each header whole. */
function cookiesOf(headers: Headers): Map<string, { value: string; raw: string }> {
  const map = new Map<string, { value: string; raw: string }>();
  for (const raw of headers.getSetCookie()) {
    const [pair = ''] = raw.split(';');
    const eq = pair.indexOf('=');
    map.set(pair.slice(0, eq), { value: pair.slice(eq + 1), raw });
  }
  return map;
}

describe.each(HTTP_BACKENDS)('cookie transport with CSRF protection on %s', (backend) => {
  let t: TestRegstack;
  let session: string;
  let csrf: string;
  let cookieHeader: string;

  async function start(config: Parameters<typeof createTestRegstack>[0] = {}): Promise<void> {
    t = await createTestRegstack({
      backend,
      ...config,
      config: { transport: 'cookie', ...config.config },
    });
    await t.registerAndLogin();
    const login = await t.login('alice@example.com', 'hunter2hunter2');
    expect(login.status).toBe(200);
    const cookies = cookiesOf(login.headers);
    session = cookies.get('regstack_session')?.value ?? '';
    csrf = cookies.get('regstack_csrf')?.value ?? '';
    cookieHeader = `regstack_session=${session}; regstack_csrf=${csrf}`;
  }

  afterEach(async () => {
    await t.close();
  });

  describe('on a localhost http base_url', () => {
    beforeEach(async () => {
      await start();
    });

    it('login sets an HttpOnly, SameSite=Lax session cookie that does not outlive the token', async () => {
      const login = await t.login('alice@example.com', 'hunter2hunter2');
      const cookie = cookiesOf(login.headers).get('regstack_session');
      expect(cookie?.value).toBe(String(login.json.access_token));
      expect(cookie?.raw).toMatch(/HttpOnly/);
      expect(cookie?.raw).toMatch(/SameSite=Lax/);
      expect(cookie?.raw).toMatch(/Max-Age=7200/);
      expect(cookie?.raw).toMatch(/Path=\//);
      expect(cookie?.raw).not.toMatch(/Secure/);
      const csrfCookie = cookiesOf(login.headers).get('regstack_csrf');
      expect(csrfCookie?.raw).not.toMatch(/HttpOnly/);
      expect(csrfCookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it('a GET authenticated by the cookie needs no CSRF proof', async () => {
      const me = await t.request('GET', '/api/auth/me', { headers: { cookie: cookieHeader } });
      expect(me.status).toBe(200);
      expect(me.json.email).toBe('alice@example.com');
    });

    it('a state-changing request by cookie without proof is refused with 403', async () => {
      const res = await t.request('PATCH', '/api/auth/me', {
        headers: { cookie: cookieHeader },
        json: { full_name: 'Mallory' },
      });
      expect(res.status).toBe(403);
      expect(res.json).toEqual({ detail: 'CSRF check failed.' });
      const foreign = await t.request('PATCH', '/api/auth/me', {
        headers: { cookie: cookieHeader, origin: 'https://evil.example' },
        json: { full_name: 'Mallory' },
      });
      expect(foreign.status).toBe(403);
      const wrongToken = await t.request('PATCH', '/api/auth/me', {
        headers: { cookie: cookieHeader, 'x-csrf-token': 'A'.repeat(43) },
        json: { full_name: 'Mallory' },
      });
      expect(wrongToken.status).toBe(403);
    });

    it('the double-submit header or a same-origin Origin lets it through', async () => {
      const viaHeader = await t.request('PATCH', '/api/auth/me', {
        headers: { cookie: cookieHeader, 'x-csrf-token': csrf },
        json: { full_name: 'Alice H.' },
      });
      expect(viaHeader.status).toBe(200);
      expect(viaHeader.json.full_name).toBe('Alice H.');
      const viaOrigin = await t.request('PATCH', '/api/auth/me', {
        headers: { cookie: cookieHeader, origin: 'http://localhost:8000' },
        json: { full_name: 'Alice O.' },
      });
      expect(viaOrigin.status).toBe(200);
    });

    // Issue 21, item 10: the CSRF token is bound to its session (HMAC of the session jti).
    it('a CSRF token from another session is refused, even planted as the CSRF cookie', async () => {
      await t.registerAndLogin('mallory@example.com', 'mallory-password');
      const mallory = cookiesOf((await t.login('mallory@example.com', 'mallory-password')).headers);
      const malloryCsrf = mallory.get('regstack_csrf')?.value ?? '';
      expect(malloryCsrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(malloryCsrf).not.toBe(csrf);

      // Alice's session cookie, with Mallory's CSRF value as both cookie and header.
      const planted = await t.request('PATCH', '/api/auth/me', {
        headers: {
          cookie: `regstack_session=${session}; regstack_csrf=${malloryCsrf}`,
          'x-csrf-token': malloryCsrf,
        },
        json: { full_name: 'Mallory' },
      });
      expect(planted.status).toBe(403);
      expect(planted.json).toEqual({ detail: 'CSRF check failed.' });

      // A second session of the same user gets a token of its own, not valid for the first.
      const second = cookiesOf((await t.login('alice@example.com', 'hunter2hunter2')).headers);
      const secondCsrf = second.get('regstack_csrf')?.value ?? '';
      expect(secondCsrf).not.toBe(csrf);
      const crossed = await t.request('PATCH', '/api/auth/me', {
        headers: {
          cookie: `regstack_session=${session}; regstack_csrf=${secondCsrf}`,
          'x-csrf-token': secondCsrf,
        },
        json: { full_name: 'Mallory' },
      });
      expect(crossed.status).toBe(403);
      expect(crossed.json).toEqual({ detail: 'CSRF check failed.' });

      const own = await t.request('PATCH', '/api/auth/me', {
        headers: { cookie: cookieHeader, 'x-csrf-token': csrf },
        json: { full_name: 'Alice' },
      });
      expect(own.status).toBe(200);
      expect(own.json.full_name).toBe('Alice');
      const me = await t.request('GET', '/api/auth/me', { token: session });
      expect(me.json.full_name).toBe('Alice');
    });

    it('a header matching the CSRF cookie but not the session cookie is refused', async () => {
      const forged = 'A'.repeat(43);
      const res = await t.request('POST', '/api/auth/logout', {
        headers: {
          cookie: `regstack_session=${session}; regstack_csrf=${forged}`,
          'x-csrf-token': forged,
        },
      });
      expect(res.status).toBe(403);
      expect(res.json).toEqual({ detail: 'CSRF check failed.' });
      const me = await t.request('GET', '/api/auth/me', { headers: { cookie: cookieHeader } });
      expect(me.status).toBe(200);
    });

    it('bearer tokens keep working and skip the CSRF check', async () => {
      const res = await t.request('PATCH', '/api/auth/me', {
        token: session,
        json: { full_name: 'Bearer' },
      });
      expect(res.status).toBe(200);
    });

    it('logout revokes the token and clears both cookies', async () => {
      const out = await t.request('POST', '/api/auth/logout', {
        headers: { cookie: cookieHeader, 'x-csrf-token': csrf },
      });
      expect(out.status).toBe(200);
      const cleared = cookiesOf(out.headers);
      expect(cleared.get('regstack_session')?.raw).toMatch(/Max-Age=0/);
      expect(cleared.get('regstack_csrf')?.raw).toMatch(/Max-Age=0/);
      const me = await t.request('GET', '/api/auth/me', { headers: { cookie: cookieHeader } });
      expect(me.status).toBe(401);
      expect(me.json.detail).toBe('Token has been revoked.');
    });

    it('no cookie and no header is the usual 401', async () => {
      const res = await t.request('GET', '/api/auth/me');
      expect(res.status).toBe(401);
      expect(res.json.detail).toBe('Authentication required.');
    });
  });

  it('marks the cookies Secure and sets Domain on a public https base_url', async () => {
    await start({
      config: {
        base_url: 'https://app.example.com',
        cookie_domain: 'example.com',
        cookie_name: 'sid',
      },
    });
    const login = await t.login('alice@example.com', 'hunter2hunter2');
    const cookie = cookiesOf(login.headers).get('sid');
    expect(cookie?.raw).toMatch(/Secure/);
    expect(cookie?.raw).toMatch(/Domain=example\.com/);
    const res = await t.request('PATCH', '/api/auth/me', {
      headers: { cookie: `sid=${cookie?.value}`, origin: 'https://app.example.com' },
      json: { full_name: 'Same origin' },
    });
    expect(res.status).toBe(200);
  });

  it('sets no cookie with the bearer transport', async () => {
    t = await createTestRegstack({ backend });
    await t.registerAndLogin();
    const login = await t.login('alice@example.com', 'hunter2hunter2');
    expect(login.headers.getSetCookie()).toEqual([]);
  });
});
