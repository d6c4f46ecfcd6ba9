// Advisory class 9: prototype-pollution keys, duplicate JSON keys and malformed Authorization headers that throw past the error handler or change what a request may do.
import { connect } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, listenLocal } from '../support/listen.js';
import { createTestRegstack, HTTP_BACKENDS, type TestRegstack } from '../support/test-regstack.js';

const PASSWORD = 'hunter2hunter2';
const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** Every JSON body route, with a valid body to hide the hostile key in. */
const BODY_ROUTES: ReadonlyArray<{ method: string; path: string; body: Record<string, unknown> }> =
  [
    {
      method: 'POST',
      path: '/api/auth/register',
      body: { email: 'p@example.com', password: PASSWORD },
    },
    { method: 'POST', path: '/api/auth/verify', body: { token: 'x' } },
    { method: 'POST', path: '/api/auth/resend-verification', body: { email: 'p@example.com' } },
    {
      method: 'POST',
      path: '/api/auth/login',
      body: { email: 'owner@example.com', password: PASSWORD },
    },
    {
      method: 'POST',
      path: '/api/auth/login/mfa-confirm',
      body: { mfa_pending_token: 'x', code: '123456' },
    },
    { method: 'PATCH', path: '/api/auth/me', body: { full_name: 'Owner' } },
    { method: 'POST', path: '/api/auth/forgot-password', body: { email: 'owner@example.com' } },
    {
      method: 'POST',
      path: '/api/auth/reset-password',
      body: { token: 'x', new_password: 'a-new-password' },
    },
    {
      method: 'POST',
      path: '/api/auth/change-password',
      body: { current_password: PASSWORD, new_password: 'a-new-password' },
    },
    {
      method: 'POST',
      path: '/api/auth/change-email',
      body: { new_email: 'o2@example.com', current_password: PASSWORD },
    },
    { method: 'POST', path: '/api/auth/confirm-email-change', body: { token: 'x' } },
    { method: 'DELETE', path: '/api/auth/account', body: { current_password: PASSWORD } },
    {
      method: 'POST',
      path: '/api/auth/phone/start',
      body: { phone_number: '+15555550100', current_password: PASSWORD },
    },
    {
      method: 'POST',
      path: '/api/auth/phone/confirm',
      body: { pending_token: 'x', code: '123456' },
    },
    { method: 'DELETE', path: '/api/auth/phone', body: { current_password: PASSWORD } },
    { method: 'PATCH', path: '/api/auth/admin/users/ID', body: { full_name: 'Target' } },
  ];

/** Builds JSON text with a hostile key at `depth` (0: the top level), which JSON.stringify cannot. */
function withKey(body: Record<string, unknown>, key: string, depth: number): string {
  const payload = '{"is_superuser":true,"is_active":true,"polluted":"yes"}';
  let nested = payload;
  for (let i = 0; i < depth; i++) nested = `{"${key}":${nested}}`;
  const inner = depth === 0 ? payload : nested;
  const fields = JSON.stringify(body).slice(1, -1);
  return `{${fields},"${key}":${inner}}`;
}

function assertPrototypeClean(): void {
  const probe: Record<string, unknown> = {};
  expect(probe.polluted).toBeUndefined();
  expect(probe.is_superuser).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
}

describe.each(HTTP_BACKENDS)('class 9: hostile keys and headers on %s', (backend) => {
  let t: TestRegstack;
  let token: string;
  let adminToken: string;
  let targetId: string;
  let server: LocalServer;

  beforeAll(async () => {
    t = await createTestRegstack({
      backend,
      config: { enable_sms_2fa: true, enable_admin_router: true },
    });
    ({ token } = await t.registerAndLogin('owner@example.com', PASSWORD));
    await t.rs.bootstrapAdmin('admin@example.com', PASSWORD);
    adminToken = String((await t.login('admin@example.com', PASSWORD)).json.access_token);
    const target = await t.registerAndLogin('target@example.com', PASSWORD);
    targetId = String(target.user._id);
    server = await listenLocal(getRequestListener(t.rs.fetch));
  });
  afterAll(async () => {
    await server.close();
    await t.close();
  });

  function errorLogs(since: number) {
    return t.logs.slice(since).filter((entry) => entry.level === 'error');
  }

  describe.each(BODY_ROUTES)('$method $path', (route) => {
    it.each(POLLUTION_KEYS.flatMap((key) => [0, 1, 5].map((depth) => [key, depth] as const)))(
      '%s at depth %i is a 422 extra_forbidden, nothing changes, no prototype is touched',
      async (key, depth) => {
        const before = t.logs.length;
        const res = await t.request(route.method, route.path.replace('ID', targetId), {
          token: route.path.includes('/admin/') ? adminToken : token,
          body: withKey(route.body, key, depth),
          contentType: 'application/json',
        });
        expect(res.status).toBe(422);
        const issues = res.json.detail as Array<{ type: string; loc: unknown[] }>;
        expect(issues).toContainEqual(
          expect.objectContaining({ type: 'extra_forbidden', loc: ['body', key] }),
        );
        expect(errorLogs(before)).toEqual([]);
        assertPrototypeClean();
      },
    );
  });

  it('a hostile key inside a field value is a type error, not a merge', async () => {
    const res = await t.request('PATCH', '/api/auth/me', {
      token,
      body: '{"full_name":{"__proto__":{"is_superuser":true}}}',
      contentType: 'application/json',
    });
    expect(res.status).toBe(422);
    expect((res.json.detail as Array<{ loc: unknown[] }>)[0]?.loc).toEqual(['body', 'full_name']);
    assertPrototypeClean();
  });

  it('no account gained a flag or a role from the sweep', async () => {
    for (const email of ['owner@example.com', 'target@example.com']) {
      const user = await t.rs.storage.users.getByEmail(email);
      expect(user?.isSuperuser).toBe(false);
    }
    expect(await t.rs.storage.users.getByEmail('p@example.com')).toBeNull();
    assertPrototypeClean();
  });

  it('hostile query keys on GET /admin/users are ignored and pollute nothing', async () => {
    const before = t.logs.length;
    for (const query of [
      '__proto__[polluted]=yes',
      'constructor[prototype][polluted]=yes',
      '__proto__.polluted=yes&skip=0',
      'prototype=1&limit=1&limit=2',
      'skip=__proto__',
    ]) {
      const res = await t.request('GET', `/api/auth/admin/users?${query}`, { token: adminToken });
      expect(res.status === 200 || res.status === 422, `${query}: ${res.status}`).toBe(true);
      expect(res.json).toHaveProperty(res.status === 200 ? 'items' : 'detail');
      assertPrototypeClean();
    }
    expect(errorLogs(before)).toEqual([]);
  });

  it('duplicate keys: the last one wins, as in the reference, and the schema sees only it', async () => {
    // A wrong password first, then the right one: one value reaches the flow, never both.
    const last = await t.request('POST', '/api/auth/login', {
      body: `{"email":"owner@example.com","password":"wrong-password","password":"${PASSWORD}"}`,
      contentType: 'application/json',
    });
    expect(last.status).toBe(200);
    const wrongLast = await t.request('POST', '/api/auth/login', {
      body: `{"email":"owner@example.com","password":"${PASSWORD}","password":"wrong-password"}`,
      contentType: 'application/json',
    });
    expect(wrongLast.status).toBe(401);
    expect(wrongLast.json).toEqual({ detail: 'Invalid email or password.' });
    // A duplicate cannot smuggle a flag past the strict schema either.
    const flagged = await t.request('PATCH', '/api/auth/me', {
      token,
      body: '{"full_name":"Owner","full_name":"Owner","is_superuser":true,"is_superuser":false}',
      contentType: 'application/json',
    });
    expect(flagged.status).toBe(422);
    expect((await t.rs.storage.users.getByEmail('owner@example.com'))?.isSuperuser).toBe(false);
  });

  const MALFORMED_AUTHORIZATION = [
    '',
    ' ',
    'Bearer',
    'Bearer ',
    'Bearer     ',
    'bearer\t',
    'Bearer\tx',
    'Basic YWxpY2U6cGFzcw==',
    'Bearer a b c',
    'Bearer ....',
    'Bearer a.b.c',
    'Bearer null',
    'Bearer undefined',
    'Bearer [object Object]',
    'Bearer %00%00',
    'Bearer \u00e9\u00ff\u00fe',
    `Bearer ${'A'.repeat(16_000)}`,
    `Bearer ${'a.'.repeat(4000)}`,
    'Bearer eyJhbGciOiJub25lIn0.e30.',
    'Bearer eyJ.eyJ.eyJ',
    'Bearer e30.e30.e30',
    'Bearer =====.=====.=====',
    'Token abc',
    'Bearerabc',
    ',Bearer x',
  ];

  it.each(MALFORMED_AUTHORIZATION.map((value) => [value.slice(0, 40), value]))(
    'Authorization %j is a 401 with a detail, never a 5xx',
    async (_label, value) => {
      const before = t.logs.length;
      for (const [method, path] of [
        ['GET', '/api/auth/me'],
        ['GET', '/api/auth/admin/users'],
        ['POST', '/api/auth/logout'],
      ] as const) {
        const res = await t.request(method, path, { headers: { authorization: value } });
        expect(res.status, `${method} ${path}`).toBe(401);
        expect(String(res.json.detail)).toMatch(
          /^(Authentication required\.|Invalid token: |Token has been revoked\.)/,
        );
      }
      expect(errorLogs(before)).toEqual([]);
    },
  );

  it('a valid token beside junk in the same header is not accepted', async () => {
    for (const value of [
      `Bearer ${token} extra`,
      `Bearer ${token}, Bearer x`,
      `Bearer x, Bearer ${token}`,
    ]) {
      const res = await t.request('GET', '/api/auth/me', { headers: { authorization: value } });
      expect(res.status).toBe(401);
    }
  });

  it('raw headers a fetch client cannot send (two Authorization lines, bytes past Latin-1) answer 401 on a real socket', async () => {
    const before = t.logs.length;
    const port = new URL(server.url).port;
    const requests = [
      `GET /api/auth/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nAuthorization: Bearer junk\r\nConnection: close\r\n\r\n`,
      'GET /api/auth/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \u0100\u2028x\r\nConnection: close\r\n\r\n',
      'GET /api/auth/me HTTP/1.1\r\nHost: x\r\nAuthorization:\r\nConnection: close\r\n\r\n',
    ];
    for (const raw of requests) {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () =>
          socket.end(Buffer.from(raw, 'utf8')),
        );
        const chunks: Buffer[] = [];
        socket.on('data', (chunk: Buffer) => chunks.push(chunk));
        socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        socket.on('error', reject);
      });
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
      expect(status === 400 || status === 401, answer.slice(0, 200)).toBe(true);
    }
    expect(errorLogs(before)).toEqual([]);
  });
});
