import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRegstack, HTTP_BACKENDS, type TestRegstack } from '../support/test-regstack.js';

/*
 * Every JSON route against hostile and broken input: each answer is a 4xx with a JSON
 * `detail`, never a 5xx or a hang, and nothing is half-written.
 */

const BODY_ROUTES: ReadonlyArray<{ method: string; path: string; auth: boolean }> = [
  { method: 'POST', path: '/api/auth/register', auth: false },
  { method: 'POST', path: '/api/auth/verify', auth: false },
  { method: 'POST', path: '/api/auth/resend-verification', auth: false },
  { method: 'POST', path: '/api/auth/login', auth: false },
  { method: 'POST', path: '/api/auth/login/mfa-confirm', auth: false },
  { method: 'PATCH', path: '/api/auth/me', auth: true },
  { method: 'POST', path: '/api/auth/forgot-password', auth: false },
  { method: 'POST', path: '/api/auth/reset-password', auth: false },
];

const EMAIL_ROUTES = [
  '/api/auth/register',
  '/api/auth/resend-verification',
  '/api/auth/login',
  '/api/auth/forgot-password',
];

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe.each(HTTP_BACKENDS)('bad input on every route on %s', (backend) => {
  let t: TestRegstack;
  let token: string;

  beforeAll(async () => {
    // Lockout on (failures are counted); the per-IP limits are raised out of the way, since
    // every in-process request shares one address.
    t = await createTestRegstack({
      backend,
      config: {
        rate_limit_disabled: false,
        login_max_per_minute: 100_000,
        login_max_per_hour: 100_000,
        register_max_per_minute: 100_000,
        resend_verification_max_per_minute: 100_000,
        forgot_password_max_per_minute: 100_000,
        mfa_confirm_max_per_minute: 100_000,
      },
    });
    ({ token } = await t.registerAndLogin('owner@example.com'));
  });
  afterAll(async () => {
    await t.close();
  });

  function expect4xx(
    res: { status: number; json: Record<string, unknown> },
    status?: number,
  ): void {
    if (status !== undefined) expect(res.status).toBe(status);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.json).toHaveProperty('detail');
  }

  describe.each(BODY_ROUTES)('$method $path', ({ method, path, auth }) => {
    const withAuth = auth ? { token: 'x' } : {};

    it('malformed JSON is a 422 json_invalid, before authentication', async () => {
      const res = await t.request(method, path, {
        body: '{"email": ',
        contentType: 'application/json',
        ...withAuth,
      });
      expect4xx(res, 422);
      expect((res.json.detail as Array<{ type: string }>)[0]?.type).toBe('json_invalid');
    });

    it('a body that is not an object is a 422', async () => {
      for (const body of ['[]', '"text"', '42', 'null', 'true']) {
        const res = await t.request(method, path, { body, contentType: 'application/json', token });
        expect4xx(res, 422);
      }
    });

    it('an empty body is a 422 located at the body', async () => {
      const res = await t.request(method, path, { token });
      expect4xx(res, 422);
      expect((res.json.detail as Array<{ loc: unknown[] }>)[0]?.loc).toEqual(['body']);
    });

    it('an unknown field is a 422 extra_forbidden', async () => {
      const res = await t.request(method, path, { json: { surprise: 1 }, token });
      expect4xx(res, 422);
      const issues = res.json.detail as Array<{ type: string; loc: unknown[] }>;
      expect(
        issues.some((i) => i.type === 'extra_forbidden' && i.loc.join('.') === 'body.surprise'),
      ).toBe(true);
    });

    it('wrong field types are a 422', async () => {
      const res = await t.request(method, path, {
        json: {
          email: 1,
          password: [],
          token: {},
          full_name: 5,
          new_password: false,
          mfa_pending_token: 3,
          code: 4,
        },
        token,
      });
      expect4xx(res, 422);
    });

    it('another content type leaves the body unparsed: 422', async () => {
      const res = await t.request(method, path, {
        body: '{"email":"a@example.com"}',
        contentType: 'text/plain',
        token,
      });
      expect4xx(res, 422);
    });

    it('a 10 MB body is refused with 413', async () => {
      const big = `{"email":"${'a'.repeat(10 * 1024 * 1024)}"}`;
      const res = await t.request(method, path, {
        body: big,
        contentType: 'application/json',
        token,
      });
      expect4xx(res, 413);
    });

    it('invalid UTF-8 is a 422', async () => {
      const res = await t.request(method, path, {
        body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
        contentType: 'application/json',
        token,
      });
      expect4xx(res, 422);
    });
  });

  it.each(EMAIL_ROUTES)('%s rejects invalid, long and special-use emails', async (path) => {
    const bad = [
      'not-an-email',
      'a@b',
      `${'a'.repeat(65)}@example.com`,
      `a@${'b'.repeat(250)}.com`,
      'x'.repeat(3000),
      'alice@example.invalid',
      'alice@host.local',
      'alice@example.test',
      'alice\u0000@example.com',
      'al\ud800ice@example.com',
      '"quoted"@example.com',
      'alice@[127.0.0.1]',
    ];
    for (const email of bad) {
      const res = await t.request('POST', path, { json: { email, password: 'hunter2hunter2' } });
      expect4xx(res, 422);
      const issue = (res.json.detail as Array<{ type: string; msg: string; loc: unknown[] }>)[0];
      expect(issue?.loc).toEqual(['body', 'email']);
      expect(issue?.msg).toMatch(/^value is not a valid email address: /);
    }
  });

  it('passwords count code points: 8–128 accepted, 7 and 129 refused', async () => {
    const emoji8 = '😀'.repeat(8);
    const ok = await t.request('POST', '/api/auth/register', {
      json: { email: 'emoji@example.com', password: emoji8 },
    });
    expect(ok.status).toBe(201);
    expect((await t.login('emoji@example.com', emoji8)).status).toBe(200);
    const ok128 = await t.request('POST', '/api/auth/register', {
      json: { email: 'emoji128@example.com', password: '😀'.repeat(128) },
    });
    expect(ok128.status).toBe(201);
    for (const password of ['😀'.repeat(7), 'a'.repeat(129), '😀'.repeat(129)]) {
      const res = await t.request('POST', '/api/auth/register', {
        json: { email: 'len@example.com', password },
      });
      expect4xx(res, 422);
    }
  });

  it('null bytes and lone surrogates in stored text are refused', async () => {
    const lone = await t.request('POST', '/api/auth/register', {
      json: { email: 'lone@example.com', password: 'abc\ud800defghij' },
    });
    expect4xx(lone, 422);
    const nul = await t.request('PATCH', '/api/auth/me', {
      token,
      json: { full_name: 'A\u0000B' },
    });
    expect4xx(nul, 422);
    const long = await t.request('PATCH', '/api/auth/me', {
      token,
      json: { full_name: 'x'.repeat(201) },
    });
    expect4xx(long, 422);
  });

  it('forged, wrong-purpose, alg:none and expired tokens never pass', async () => {
    const [, payload] = token.split('.');
    const none = `${b64url({ alg: 'none', typ: 'JWT' })}.${payload}.`;
    const swapped = `${b64url({ alg: 'HS512', typ: 'JWT' })}.${payload}.${'A'.repeat(86)}`;
    const garbage = ['x', 'a.b.c', `${'a'.repeat(9000)}.b.c`, '....', none, swapped];
    for (const bad of garbage) {
      expect4xx(await t.request('GET', '/api/auth/me', { token: bad }), 401);
      // An oversized token is refused by validation (422), the others by the decoder (400).
      const status = bad.length > 8192 ? 422 : 400;
      expect4xx(
        await t.request('POST', '/api/auth/reset-password', {
          json: { token: bad, new_password: 'new-password-1' },
        }),
        status,
      );
      expect4xx(await t.request('POST', '/api/auth/verify', { json: { token: bad } }), status);
      expect4xx(
        await t.request('POST', '/api/auth/login/mfa-confirm', {
          json: { mfa_pending_token: bad, code: '123456' },
        }),
        status,
      );
    }
    // A session token is the wrong purpose everywhere else.
    expect4xx(
      await t.request('POST', '/api/auth/reset-password', {
        json: { token, new_password: 'new-password-1' },
      }),
      400,
    );
    expect4xx(
      await t.request('POST', '/api/auth/login/mfa-confirm', {
        json: { mfa_pending_token: token, code: '123456' },
      }),
      400,
    );
  });

  it('unknown paths are 404 and known paths with another method are 405', async () => {
    const missing = await t.request('GET', '/api/auth/nope');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ detail: 'Not Found' });
    const wrongMethod = await t.request('GET', '/api/auth/login');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.json).toEqual({ detail: 'Method Not Allowed' });
    expect((await t.request('DELETE', '/api/auth/me', { token })).status).toBe(405);
  });

  it('nothing was half-written by the sweep', async () => {
    const users = await t.rs.storage.users.count();
    expect(users).toBe(3);
    expect(await t.rs.storage.pending.countUnexpired()).toBe(0);
  });
});
