import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RegstackEventName } from '../../src/hooks/events.js';
import type { PublicUser } from '../../src/model/public-user.js';
import { createTestRegstack, HTTP_BACKENDS, type TestRegstack } from '../support/test-regstack.js';

/* The admin router (spec §6.21 with Decisions 11, 12, 22, 23, 27; scenarios of §15.7). */

const API = '/api/auth';
const ADMIN_EMAIL = 'admin@example.com';
const ADMIN_PASSWORD = 'admin-password-1';

const ALL_EVENTS: readonly RegstackEventName[] = [
  'user_registered',
  'verification_requested',
  'user_verified',
  'user_logged_in',
  'user_logged_out',
  'password_changed',
  'email_changed',
  'user_deleted',
  'mfa_enabled',
  'mfa_disabled',
];

function items(json: Record<string, unknown>): PublicUser[] {
  return json.items as PublicUser[];
}

describe('the admin router is not mounted by default', () => {
  it('answers the generic 404 on every admin path', async () => {
    const t = await createTestRegstack();
    try {
      await t.rs.bootstrapAdmin(ADMIN_EMAIL, ADMIN_PASSWORD);
      const login = await t.login(ADMIN_EMAIL, ADMIN_PASSWORD);
      const token = String(login.json.access_token);
      for (const [method, path] of [
        ['GET', '/admin/stats'],
        ['GET', '/admin/users'],
        ['GET', '/admin/users/ffffffffffffffffffffffff'],
        ['DELETE', '/admin/users/ffffffffffffffffffffffff'],
      ] as const) {
        const res = await t.request(method, `${API}${path}`, { token });
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(res.json).toEqual({ detail: 'Not Found' });
      }
    } finally {
      await t.close();
    }
  });
});

describe('the admin router when mounted', () => {
  it('is documented in the OpenAPI document with its query and path parameters', async () => {
    const t = await createTestRegstack({ config: { enable_admin_router: true } });
    try {
      const res = await t.request('GET', `${API}/openapi.json`);
      type Parameter = { name: string; in: string; required?: boolean; schema: unknown };
      const doc = res.json as {
        paths: Record<string, Record<string, { parameters?: Parameter[]; security?: unknown }>>;
      };
      const admin = Object.entries(doc.paths)
        .filter(([path]) => path.startsWith('/admin'))
        .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
        .sort();
      expect(admin).toEqual(
        [
          'GET /admin/audit',
          'GET /admin/stats',
          'GET /admin/users',
          'GET /admin/users/{user_id}',
          'PATCH /admin/users/{user_id}',
          'DELETE /admin/users/{user_id}',
          'POST /admin/users/{user_id}/resend-verification',
          'POST /admin/users/{user_id}/reset-mfa',
          'GET /admin/users/{user_id}/sessions',
          'POST /admin/users/{user_id}/sessions/revoke',
          'DELETE /admin/users/{user_id}/sessions/{session_id}',
          'GET /admin/webhooks/deliveries',
          'POST /admin/webhooks/deliveries/{delivery_id}/retry',
        ].sort(),
      );
      const list = doc.paths['/admin/users']?.get;
      expect(list?.security).toEqual([{ bearerAuth: [] }]);
      expect(list?.parameters).toEqual([
        {
          name: 'skip',
          in: 'query',
          required: false,
          schema: { type: 'integer', minimum: 0, default: 0 },
        },
        {
          name: 'limit',
          in: 'query',
          required: false,
          schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
        },
        {
          name: 'after',
          in: 'query',
          required: false,
          description: expect.stringContaining('Keyset paging'),
          schema: expect.objectContaining({ type: 'string', minLength: 1, maxLength: 128 }),
        },
      ]);
      const get = doc.paths['/admin/users/{user_id}']?.get;
      expect(get?.parameters).toEqual([
        { name: 'user_id', in: 'path', required: true, schema: { type: 'string' } },
      ]);
    } finally {
      await t.close();
    }
  });

  it('a known admin path with another method is 405', async () => {
    const t = await createTestRegstack({ config: { enable_admin_router: true } });
    try {
      const put = await t.request('PUT', `${API}/admin/users/abc`);
      expect(put.status).toBe(405);
      expect(put.json).toEqual({ detail: 'Method Not Allowed' });
      const post = await t.request('POST', `${API}/admin/stats`);
      expect(post.status).toBe(405);
      expect(post.json).toEqual({ detail: 'Method Not Allowed' });
    } finally {
      await t.close();
    }
  });
});

describe.each(HTTP_BACKENDS)('admin routes over HTTP on %s', (backend) => {
  let t: TestRegstack;
  let adminToken: string;
  let adminId: string;

  async function start(config: Parameters<typeof createTestRegstack>[0] = {}): Promise<void> {
    t = await createTestRegstack({
      backend,
      ...config,
      config: { enable_admin_router: true, ...config.config },
    });
    const { user } = await t.rs.bootstrapAdmin(ADMIN_EMAIL, ADMIN_PASSWORD);
    adminId = user._id;
    const login = await t.login(ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(login.status).toBe(200);
    adminToken = String(login.json.access_token);
  }

  function admin(
    method: string,
    path: string,
    json?: unknown,
  ): ReturnType<TestRegstack['request']> {
    return t.request(method, `${API}${path}`, {
      token: adminToken,
      ...(json === undefined || method === 'GET' ? {} : { json }),
    });
  }

  /** A user created straight in storage, for states the public API cannot produce. */
  async function seedUser(
    email: string,
    options: { verified: boolean; password: string | null },
  ): Promise<string> {
    const user = await t.rs.storage.users.create({
      email,
      hashedPassword: options.password === null ? null : await t.rs.hasher.hash(options.password),
      isVerified: options.verified,
      fullName: 'Seeded',
    });
    return user.id;
  }

  afterEach(async () => {
    await t.close();
  });

  describe('authentication comes first', () => {
    beforeEach(async () => {
      await start();
    });

    it('stats without a token is 401 with WWW-Authenticate', async () => {
      const res = await t.request('GET', `${API}/admin/stats`);
      expect(res.status).toBe(401);
      expect(res.json.detail).toBe('Authentication required.');
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    });

    it('stats for a normal user is 403', async () => {
      const { token } = await t.registerAndLogin();
      const res = await t.request('GET', `${API}/admin/stats`, { token });
      expect(res.status).toBe(403);
      expect(res.json.detail).toBe('Administrator privileges required.');
    });

    it('an out-of-range limit is 401 unauthenticated and 403 for a normal user, never 422', async () => {
      const anonymous = await t.request('GET', `${API}/admin/users?limit=999`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.json.detail).toBe('Authentication required.');
      const { token } = await t.registerAndLogin();
      const user = await t.request('GET', `${API}/admin/users?limit=999`, { token });
      expect(user.status).toBe(403);
      expect(user.json.detail).toBe('Administrator privileges required.');
    });

    it('a PATCH with an invalid body is 401 without a token (auth before body validation)', async () => {
      const res = await t.request('PATCH', `${API}/admin/users/${adminId}`, {
        json: { is_active: 'nope', extra: 1 },
      });
      expect(res.status).toBe(401);
      expect(res.json.detail).toBe('Authentication required.');
    });

    it('unparseable JSON is a 422 before authentication', async () => {
      const res = await t.request('PATCH', `${API}/admin/users/${adminId}`, {
        body: '{"is_active": ',
        contentType: 'application/json',
      });
      expect(res.status).toBe(422);
      expect((res.json.detail as Array<{ type: string }>)[0]?.type).toBe('json_invalid');
    });

    it('every admin route refuses a normal user with 403', async () => {
      const { token, user } = await t.registerAndLogin();
      for (const [method, path] of [
        ['GET', '/admin/users'],
        ['GET', `/admin/users/${user._id}`],
        ['PATCH', `/admin/users/${user._id}`],
        ['DELETE', `/admin/users/${user._id}`],
        ['POST', `/admin/users/${user._id}/resend-verification`],
      ] as const) {
        const res = await t.request(method, `${API}${path}`, {
          token,
          ...(method === 'GET' ? {} : { json: {} }),
        });
        expect(res.status, `${method} ${path}`).toBe(403);
        expect(res.json.detail).toBe('Administrator privileges required.');
      }
    });
  });

  describe('stats, list and get', () => {
    beforeEach(async () => {
      await start();
    });

    it('counts and lists the admin and two users; get by _id returns the right email', async () => {
      t.clock.advance(1);
      await t.registerAndLogin('alice@example.com');
      t.clock.advance(1);
      const bob = await t.registerAndLogin('bob@example.com');

      const stats = await admin('GET', '/admin/stats');
      expect(stats.status).toBe(200);
      expect(stats.json).toEqual({
        total_users: 3,
        active_users: 3,
        verified_users: 3,
        superusers: 1,
        pending_registrations: 0,
      });

      const list = await admin('GET', '/admin/users');
      expect(list.status).toBe(200);
      expect(list.json.total).toBe(3);
      expect(list.json.skip).toBe(0);
      expect(list.json.limit).toBe(50);
      expect(items(list.json).map((u) => u.email)).toEqual([
        'bob@example.com',
        'alice@example.com',
        ADMIN_EMAIL,
      ]);

      const one = await admin('GET', `/admin/users/${bob.user._id}`);
      expect(one.status).toBe(200);
      expect(one.json.email).toBe('bob@example.com');
      expect(Object.keys(one.json)).toEqual([
        '_id',
        'email',
        'is_active',
        'is_verified',
        'is_superuser',
        'full_name',
        'phone_number',
        'is_mfa_enabled',
        'created_at',
        'last_login',
      ]);
      expect(one.json).not.toHaveProperty('hashed_password');
      expect(one.json.created_at).toBe('2025-01-01T00:00:02Z');
    });

    it('stats count inactive, unverified users apart', async () => {
      await seedUser('unverified@example.com', { verified: false, password: 'hunter2hunter2' });
      const { user } = await t.registerAndLogin('alice@example.com');
      await admin('PATCH', `/admin/users/${user._id}`, { is_active: false });
      const stats = await admin('GET', '/admin/stats');
      expect(stats.json).toEqual({
        total_users: 3,
        active_users: 2,
        verified_users: 2,
        superusers: 1,
        pending_registrations: 0,
      });
    });

    it('an unknown id is 404 "User not found." on every user route', async () => {
      for (const [method, path] of [
        ['GET', '/admin/users/ffffffffffffffffffffffff'],
        ['PATCH', '/admin/users/ffffffffffffffffffffffff'],
        ['DELETE', '/admin/users/ffffffffffffffffffffffff'],
        ['POST', '/admin/users/ffffffffffffffffffffffff/resend-verification'],
        ['GET', '/admin/users/00000000000000000000000000000000'],
      ] as const) {
        const res = await admin(method, path, {});
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(res.json).toEqual({ detail: 'User not found.' });
      }
    });

    it('malformed and very long ids are 404, never 5xx', async () => {
      const ids = [
        '%00',
        'abc%00def',
        'a'.repeat(10_000),
        '%ED%A0%80',
        '%E2%9C%93',
        'ab%2Fcd',
        "x'%20OR%20'1'='1",
        '%25',
        `${adminId}%00`,
        ` ${adminId}`,
      ];
      for (const id of ids) {
        for (const [method, suffix] of [
          ['GET', ''],
          ['PATCH', ''],
          ['DELETE', ''],
          ['POST', '/resend-verification'],
        ] as const) {
          const res = await admin(method, `/admin/users/${id}${suffix}`, {});
          expect(res.status, `${method} ${id.slice(0, 40)}`).toBe(404);
          expect(res.json.detail).toBe('User not found.');
        }
      }
      // The admin survived every one of those.
      expect((await admin('GET', `/admin/users/${adminId}`)).status).toBe(200);
    });

    it('pages with skip and limit, newest first', async () => {
      const ids: string[] = [adminId];
      for (const name of ['u1', 'u2', 'u3', 'u4']) {
        t.clock.advance(1);
        ids.push((await t.registerAndLogin(`${name}@example.com`)).user._id);
      }
      const newestFirst = [...ids].reverse();

      const first = await admin('GET', '/admin/users?skip=0&limit=2');
      expect(first.status).toBe(200);
      expect(items(first.json).map((u) => u._id)).toEqual(newestFirst.slice(0, 2));
      expect(first.json).toMatchObject({ total: 5, skip: 0, limit: 2 });

      const second = await admin('GET', '/admin/users?skip=2&limit=2');
      expect(items(second.json).map((u) => u._id)).toEqual(newestFirst.slice(2, 4));
      expect(second.json).toMatchObject({ total: 5, skip: 2, limit: 2 });

      const last = await admin('GET', '/admin/users?skip=4&limit=2');
      expect(items(last.json).map((u) => u._id)).toEqual(newestFirst.slice(4));

      const beyond = await admin('GET', '/admin/users?skip=50&limit=200');
      expect(beyond.status).toBe(200);
      expect(beyond.json).toEqual({ items: [], total: 5, skip: 50, limit: 200 });

      const created = items(first.json).map((u) => u.created_at);
      expect(created).toEqual(['2025-01-01T00:00:04Z', '2025-01-01T00:00:03Z']);
    });

    it('pages with after=<id> (keyset), alone or with skip, and answers an unknown id with 404', async () => {
      const ids: string[] = [adminId];
      for (const name of ['k1', 'k2', 'k3', 'k4']) {
        t.clock.advance(1);
        ids.push((await t.registerAndLogin(`${name}@example.com`)).user._id);
      }
      const newestFirst = [...ids].reverse();
      const seen: string[] = [];
      let after = '';
      for (let page = 0; page < 5; page++) {
        const res = await admin('GET', `/admin/users?limit=2${after && `&after=${after}`}`);
        expect(res.status).toBe(200);
        expect(res.json).toMatchObject({ total: 5, skip: 0, limit: 2 });
        const pageIds = items(res.json).map((u) => u._id);
        if (pageIds.length === 0) break;
        seen.push(...pageIds);
        after = pageIds[pageIds.length - 1] ?? '';
      }
      expect(seen).toEqual(newestFirst);

      const skipped = await admin('GET', `/admin/users?after=${newestFirst[0]}&skip=1&limit=2`);
      expect(items(skipped.json).map((u) => u._id)).toEqual(newestFirst.slice(2, 4));

      for (const bad of ['ffffffffffffffffffffffffffffffff', 'no%20such', '%00', 'x'.repeat(129)]) {
        const res = await admin('GET', `/admin/users?after=${bad}`);
        expect(res.status, bad.slice(0, 20)).toBeGreaterThanOrEqual(400);
        expect(res.status, bad.slice(0, 20)).toBeLessThan(500);
      }
      const unknown = await admin('GET', '/admin/users?after=ffffffffffffffffffffffffffffffff');
      expect(unknown.status).toBe(404);
      expect(unknown.json.detail).toBe('User not found.');
      const empty = await admin('GET', '/admin/users?after=');
      expect(empty.status).toBe(422);
    });

    it('ignores unknown query parameters and takes the last of a repeated one', async () => {
      const unknown = await admin('GET', '/admin/users?foo=bar&limit=1&filter=x');
      expect(unknown.status).toBe(200);
      expect(unknown.json).toMatchObject({ total: 1, skip: 0, limit: 1 });
      const repeated = await admin('GET', '/admin/users?limit=999&limit=7');
      expect(repeated.status).toBe(200);
      expect(repeated.json.limit).toBe(7);
      const spaced = await admin('GET', '/admin/users?limit=%205%20&skip=%2B0');
      expect(spaced.status).toBe(200);
      expect(spaced.json).toMatchObject({ skip: 0, limit: 5 });
      const boundary = await admin('GET', '/admin/users?limit=200&skip=0');
      expect(boundary.status).toBe(200);
      expect(boundary.json.limit).toBe(200);
    });

    it('answers out-of-range and non-integer limit and skip with the FastAPI 422 bodies', async () => {
      const cases: Array<[string, unknown]> = [
        [
          'limit=999',
          {
            type: 'less_than_equal',
            loc: ['query', 'limit'],
            msg: 'Input should be less than or equal to 200',
            input: '999',
            ctx: { le: 200 },
          },
        ],
        [
          'limit=201',
          {
            type: 'less_than_equal',
            loc: ['query', 'limit'],
            msg: 'Input should be less than or equal to 200',
            input: '201',
            ctx: { le: 200 },
          },
        ],
        [
          'limit=0',
          {
            type: 'greater_than_equal',
            loc: ['query', 'limit'],
            msg: 'Input should be greater than or equal to 1',
            input: '0',
            ctx: { ge: 1 },
          },
        ],
        [
          'skip=-1',
          {
            type: 'greater_than_equal',
            loc: ['query', 'skip'],
            msg: 'Input should be greater than or equal to 0',
            input: '-1',
            ctx: { ge: 0 },
          },
        ],
        [
          'limit=abc',
          {
            type: 'int_parsing',
            loc: ['query', 'limit'],
            msg: 'Input should be a valid integer, unable to parse string as an integer',
            input: 'abc',
          },
        ],
        [
          'skip=1.5',
          {
            type: 'int_parsing',
            loc: ['query', 'skip'],
            msg: 'Input should be a valid integer, unable to parse string as an integer',
            input: '1.5',
          },
        ],
        [
          'limit=',
          {
            type: 'int_parsing',
            loc: ['query', 'limit'],
            msg: 'Input should be a valid integer, unable to parse string as an integer',
            input: '',
          },
        ],
        [
          'limit=99999999999999999999999',
          {
            type: 'less_than_equal',
            loc: ['query', 'limit'],
            msg: 'Input should be less than or equal to 200',
            input: '99999999999999999999999',
            ctx: { le: 200 },
          },
        ],
      ];
      for (const [query, issue] of cases) {
        const res = await admin('GET', `/admin/users?${query}`);
        expect(res.status, query).toBe(422);
        expect(res.json, query).toEqual({ detail: [issue] });
      }
      const both = await admin('GET', '/admin/users?skip=-5&limit=500');
      expect(both.status).toBe(422);
      expect((both.json.detail as Array<{ loc: string[] }>).map((i) => i.loc)).toEqual([
        ['query', 'skip'],
        ['query', 'limit'],
      ]);
      const farSkip = await admin('GET', '/admin/users?skip=99999999999999999999999');
      expect(farSkip.status).toBe(200);
      expect(farSkip.json).toMatchObject({ items: [], total: 1, limit: 50 });
      const huge = await admin('GET', `/admin/users?limit=${'9'.repeat(5000)}`);
      expect(huge.status).toBe(422);
      expect((huge.json.detail as Array<{ type: string }>)[0]?.type).toBe('int_parsing_size');
    });
  });

  describe('PATCH /admin/users/{id}', () => {
    beforeEach(async () => {
      await start();
    });

    it('is_active false disables the account and kills its sessions', async () => {
      const alice = await t.registerAndLogin();
      const res = await admin('PATCH', `/admin/users/${alice.user._id}`, { is_active: false });
      expect(res.status).toBe(200);
      expect(res.json.is_active).toBe(false);
      expect(res.json.email).toBe('alice@example.com');

      const me = await t.request('GET', `${API}/me`, { token: alice.token });
      expect(me.status).toBe(401);
      expect(me.json.detail).toBe('User no longer active.');
      const login = await t.login('alice@example.com', 'hunter2hunter2');
      expect(login.status).toBe(403);
      expect(login.json.detail).toBe('Account is disabled.');

      // Re-enabling does not resurrect the old session: the deactivation set the cut-off.
      t.clock.advanceMicros(1);
      const enabled = await admin('PATCH', `/admin/users/${alice.user._id}`, { is_active: true });
      expect(enabled.status).toBe(200);
      expect(enabled.json.is_active).toBe(true);
      const old = await t.request('GET', `${API}/me`, { token: alice.token });
      expect(old.status).toBe(401);
      expect(old.json.detail).toBe('Session was invalidated; please sign in again.');
      const fresh = await t.login('alice@example.com', 'hunter2hunter2');
      expect(fresh.status).toBe(200);
      const meAgain = await t.request('GET', `${API}/me`, {
        token: String(fresh.json.access_token),
      });
      expect(meAgain.status).toBe(200);
    });

    it('null or omitted fields leave the user unchanged (Decision 27)', async () => {
      const alice = await t.registerAndLogin();
      const path = `/admin/users/${alice.user._id}`;
      const before = await admin('GET', path);
      expect(before.json.full_name).toBe('Alice');
      const nulls = await admin('PATCH', path, {
        is_active: null,
        is_superuser: null,
        full_name: null,
      });
      expect(nulls.status).toBe(200);
      expect(nulls.json).toEqual(before.json);
      const empty = await admin('PATCH', path, {});
      expect(empty.status).toBe(200);
      expect(empty.json.full_name).toBe('Alice');
      // The untouched session still works: only is_active=false revokes.
      expect((await t.request('GET', `${API}/me`, { token: alice.token })).status).toBe(200);
    });

    it('sets full_name and is_superuser; the promoted user can use the admin routes', async () => {
      const alice = await t.registerAndLogin();
      const res = await admin('PATCH', `/admin/users/${alice.user._id}`, {
        full_name: 'Alice Admin',
        is_superuser: true,
      });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ full_name: 'Alice Admin', is_superuser: true });
      const stats = await t.request('GET', `${API}/admin/stats`, { token: alice.token });
      expect(stats.status).toBe(200);
      expect(stats.json.superusers).toBe(2);
      const read = await admin('GET', `/admin/users/${alice.user._id}`);
      expect(read.json.full_name).toBe('Alice Admin');
    });

    it('fires no hooks', async () => {
      const alice = await t.registerAndLogin();
      const fired: string[] = [];
      for (const event of ALL_EVENTS) t.rs.on(event, () => void fired.push(event));
      await admin('PATCH', `/admin/users/${alice.user._id}`, {
        is_active: false,
        is_superuser: true,
        full_name: 'X',
      });
      expect(fired).toEqual([]);
    });

    it('an admin may demote themself; the next admin call is 403', async () => {
      const res = await admin('PATCH', `/admin/users/${adminId}`, { is_superuser: false });
      expect(res.status).toBe(200);
      expect(res.json.is_superuser).toBe(false);
      const next = await admin('GET', '/admin/stats');
      expect(next.status).toBe(403);
      expect(next.json.detail).toBe('Administrator privileges required.');
      expect((await t.request('GET', `${API}/me`, { token: adminToken })).status).toBe(200);
    });

    it('an admin may disable themself; their session ends', async () => {
      const res = await admin('PATCH', `/admin/users/${adminId}`, { is_active: false });
      expect(res.status).toBe(200);
      const next = await admin('GET', '/admin/stats');
      expect(next.status).toBe(401);
      expect(next.json.detail).toBe('User no longer active.');
    });

    it('validates the body: unknown keys, wrong types, a too-long name', async () => {
      const path = `/admin/users/${adminId}`;
      const extra = await admin('PATCH', path, { email: 'x@example.com' });
      expect(extra.status).toBe(422);
      expect(extra.json.detail).toEqual([
        {
          type: 'extra_forbidden',
          loc: ['body', 'email'],
          msg: 'Extra inputs are not permitted',
          input: 'x@example.com',
        },
      ]);
      const wrongType = await admin('PATCH', path, { is_active: 'maybe' });
      expect(wrongType.status).toBe(422);
      expect(wrongType.json.detail).toEqual([
        {
          type: 'bool_type',
          loc: ['body', 'is_active'],
          msg: 'Input should be a valid boolean',
          input: 'maybe',
        },
      ]);
      const long = await admin('PATCH', path, { full_name: 'x'.repeat(201) });
      expect(long.status).toBe(422);
      expect((long.json.detail as Array<{ type: string; msg: string }>)[0]).toMatchObject({
        type: 'string_too_long',
        msg: 'String should have at most 200 characters',
      });
      const notObject = await admin('PATCH', path, ['is_active']);
      expect(notObject.status).toBe(422);
      const missing = await t.request('PATCH', `${API}${path}`, { token: adminToken });
      expect(missing.status).toBe(422);
      expect((missing.json.detail as Array<{ loc: string[] }>)[0]?.loc).toEqual(['body']);
      // Nothing changed.
      const read = await admin('GET', path);
      expect(read.json).toMatchObject({ is_active: true, is_superuser: true, full_name: null });
    });
  });

  describe('DELETE /admin/users/{id}', () => {
    beforeEach(async () => {
      await start({ config: { rate_limit_disabled: false } });
    });

    it('removes the user with identities, MFA codes, pending row and lockout rows; fires user_deleted', async () => {
      const alice = await t.registerAndLogin();
      const id = alice.user._id;
      const { storage } = t.rs;
      await storage.oauthIdentities.create({
        userId: id,
        provider: 'google',
        subjectId: 'google-sub-1',
        email: 'alice@example.com',
      });
      for (const kind of ['login_mfa', 'phone_setup'] as const) {
        await storage.mfaCodes.put({
          userId: id,
          kind,
          codeHash: 'a'.repeat(64),
          expiresAt: t.clock.now() + 300_000_000,
          maxAttempts: 5,
        });
      }
      await storage.pending.upsert({
        email: 'alice@example.com',
        hashedPassword: null,
        fullName: null,
        tokenHash: 'b'.repeat(64),
        expiresAt: t.clock.now() + 300_000_000,
      });
      expect((await t.login('alice@example.com', 'wrong-password')).status).toBe(401);
      expect((await storage.attempts.countRecent('alice@example.com', 600)).count).toBe(1);
      const deleted: string[] = [];
      t.rs.on('user_deleted', ({ user }) => void deleted.push(`${user._id} ${user.email}`));

      const res = await admin('DELETE', `/admin/users/${id}`);
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ message: 'User alice@example.com deleted.' });
      expect(deleted).toEqual([`${id} alice@example.com`]);

      expect(await storage.users.getById(id)).toBeNull();
      expect(await storage.oauthIdentities.listForUser(id)).toEqual([]);
      expect(await storage.oauthIdentities.findBySubject('google', 'google-sub-1')).toBeNull();
      expect(await storage.mfaCodes.find(id, 'login_mfa')).toBeNull();
      expect(await storage.mfaCodes.find(id, 'phone_setup')).toBeNull();
      expect(await storage.pending.findByEmail('alice@example.com')).toBeNull();
      expect((await storage.attempts.countRecent('alice@example.com', 600)).count).toBe(0);

      const gone = await admin('GET', `/admin/users/${id}`);
      expect(gone.status).toBe(404);
      expect(gone.json.detail).toBe('User not found.');
      const again = await admin('DELETE', `/admin/users/${id}`);
      expect(again.status).toBe(404);
      expect(again.json.detail).toBe('User not found.');
      const me = await t.request('GET', `${API}/me`, { token: alice.token });
      expect(me.status).toBe(401);
      expect(me.json.detail).toBe('User no longer active.');
      const stats = await admin('GET', '/admin/stats');
      expect(stats.json.total_users).toBe(1);
    });

    it('leaves other users alone', async () => {
      const alice = await t.registerAndLogin();
      const bob = await t.registerAndLogin('bob@example.com');
      await admin('DELETE', `/admin/users/${alice.user._id}`);
      expect((await t.request('GET', `${API}/me`, { token: bob.token })).status).toBe(200);
      expect((await admin('GET', '/admin/users')).json.total).toBe(2);
    });
  });

  describe('POST /admin/users/{id}/resend-verification', () => {
    beforeEach(async () => {
      await start({ config: { require_verification: true } });
    });

    it('mails an unverified user; /verify then verifies that same user (Decision 11)', async () => {
      const id = await seedUser('carol@example.com', {
        verified: false,
        password: 'carol-password',
      });
      const requested: string[] = [];
      t.rs.on('verification_requested', ({ email }) => void requested.push(email));
      const before = t.mailbox.length;

      const res = await admin('POST', `/admin/users/${id}/resend-verification`);
      expect(res.status).toBe(202);
      expect(res.json).toEqual({ message: 'Verification email sent to carol@example.com.' });
      expect(t.mailbox.length).toBe(before + 1);
      expect(t.mailbox.at(-1)?.to).toBe('carol@example.com');
      expect(requested).toEqual(['carol@example.com']);
      expect((await admin('GET', '/admin/stats')).json.pending_registrations).toBe(1);

      // Unverified accounts cannot sign in while verification is required.
      const blocked = await t.login('carol@example.com', 'carol-password');
      expect(blocked.status).toBe(403);
      expect(blocked.json.detail).toBe('Email address has not been verified.');

      const verify = await t.request('POST', `${API}/verify`, {
        json: { token: t.lastEmailToken() },
      });
      expect(verify.status).toBe(200);
      expect(verify.json._id).toBe(id);
      expect(verify.json.is_verified).toBe(true);
      expect(verify.json.full_name).toBe('Seeded');
      expect((await admin('GET', '/admin/users')).json.total).toBe(2);
      expect(await t.rs.storage.pending.findByEmail('carol@example.com')).toBeNull();
      expect((await t.login('carol@example.com', 'carol-password')).status).toBe(200);
    });

    it('a second resend replaces the first link', async () => {
      const id = await seedUser('carol@example.com', { verified: false, password: 'pw-pw-pw-pw' });
      await admin('POST', `/admin/users/${id}/resend-verification`);
      const first = t.lastEmailToken();
      await admin('POST', `/admin/users/${id}/resend-verification`);
      const second = t.lastEmailToken();
      expect(second).not.toBe(first);
      const old = await t.request('POST', `${API}/verify`, { json: { token: first } });
      expect(old.status).toBe(400);
      expect(old.json.detail).toBe('Verification token is invalid or has expired.');
      const fresh = await t.request('POST', `${API}/verify`, { json: { token: second } });
      expect(fresh.status).toBe(200);
      expect(fresh.json._id).toBe(id);
    });

    it('refuses a verified user with 400 and sends nothing', async () => {
      const before = t.mailbox.length;
      const res = await admin('POST', `/admin/users/${adminId}/resend-verification`);
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ detail: 'User is already verified.' });
      expect(t.mailbox.length).toBe(before);
      expect(await t.rs.storage.pending.findByEmail(ADMIN_EMAIL)).toBeNull();
    });

    it('works for a passwordless unverified user (Decision 12)', async () => {
      const id = await seedUser('oauth-only@example.com', { verified: false, password: null });
      const res = await admin('POST', `/admin/users/${id}/resend-verification`);
      expect(res.status).toBe(202);
      expect(res.json).toEqual({ message: 'Verification email sent to oauth-only@example.com.' });
      expect(t.mailbox.at(-1)?.to).toBe('oauth-only@example.com');
      const pending = await t.rs.storage.pending.findByEmail('oauth-only@example.com');
      expect(pending?.hashedPassword).toBeNull();

      const verify = await t.request('POST', `${API}/verify`, {
        json: { token: t.lastEmailToken() },
      });
      expect(verify.status).toBe(200);
      expect(verify.json._id).toBe(id);
      expect(verify.json.is_verified).toBe(true);
      const stored = await t.rs.storage.users.getById(id);
      expect(stored?.hashedPassword).toBeNull();
      expect(stored?.isVerified).toBe(true);
      expect((await admin('GET', '/admin/users')).json.total).toBe(2);
    });
  });

  describe('stats count unexpired pending registrations only', () => {
    beforeEach(async () => {
      await start({ config: { require_verification: true } });
    });

    it('two registrations count; an already-expired row does not', async () => {
      for (const email of ['p1@example.com', 'p2@example.com']) {
        const res = await t.request('POST', `${API}/register`, {
          json: { email, password: 'hunter2hunter2' },
        });
        expect(res.status).toBe(201);
      }
      await t.rs.storage.pending.upsert({
        email: 'stale@example.com',
        hashedPassword: null,
        fullName: null,
        tokenHash: 'c'.repeat(64),
        expiresAt: t.clock.now() - 1,
      });
      const stats = await admin('GET', '/admin/stats');
      expect(stats.status).toBe(200);
      expect(stats.json).toEqual({
        total_users: 1,
        active_users: 1,
        verified_users: 1,
        superusers: 1,
        pending_registrations: 2,
      });

      // A row expiring exactly now is expired (`expires_at > now` counts).
      t.clock.advance(t.rs.config.verification_token_ttl_seconds);
      adminToken = String((await t.login(ADMIN_EMAIL, ADMIN_PASSWORD)).json.access_token);
      expect((await admin('GET', '/admin/stats')).json.pending_registrations).toBe(0);
    });
  });
});
