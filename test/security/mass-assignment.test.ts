// Advisory class 7: mass assignment, a request body setting flags, ids, hashes or timestamps it does not own, or a padded or case-variant value passing a flag check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRegstack, HTTP_BACKENDS, type TestRegstack } from '../support/test-regstack.js';

const PASSWORD = 'hunter2hunter2';

/** Fields a client must never write, in the spellings a host or an ORM might honour. */
const FOREIGN_FIELDS: Record<string, unknown> = {
  is_superuser: true,
  is_verified: true,
  is_active: true,
  is_mfa_enabled: false,
  _id: '000000000000000000000001',
  id: 1,
  email_verified: true,
  hashed_password: '$argon2id$v=19$m=8192,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g',
  password_hash: 'x',
  created_at: '2000-01-01T00:00:00Z',
  updated_at: '2000-01-01T00:00:00Z',
  tokens_invalidated_after: null,
  phone_number: '+15555550100',
  role: 'admin',
  isSuperuser: true,
};

describe.each(HTTP_BACKENDS)('class 7: mass assignment on %s', (backend) => {
  let t: TestRegstack;
  let member: { token: string; id: string };
  let adminToken: string;

  beforeAll(async () => {
    t = await createTestRegstack({
      backend,
      config: { enable_admin_router: true, require_verification: false },
    });
    const registered = await t.registerAndLogin('member@example.com', PASSWORD);
    member = { token: registered.token, id: String(registered.user._id) };
    await t.rs.bootstrapAdmin('admin@example.com', PASSWORD);
    adminToken = String((await t.login('admin@example.com', PASSWORD)).json.access_token);
  });
  afterAll(async () => {
    await t.close();
  });

  async function memberRecord() {
    const user = await t.rs.storage.users.getById(member.id);
    if (user === null) throw new Error('member is gone');
    return user;
  }

  describe.each(Object.entries(FOREIGN_FIELDS))('%s', (field, value) => {
    it('register refuses it with a 422 extra_forbidden and creates nothing', async () => {
      const res = await t.request('POST', '/api/auth/register', {
        json: { email: 'mallory@example.com', password: PASSWORD, [field]: value },
      });
      expect(res.status).toBe(422);
      expect(res.json.detail).toContainEqual(
        expect.objectContaining({ type: 'extra_forbidden', loc: ['body', field] }),
      );
      expect(await t.rs.storage.users.getByEmail('mallory@example.com')).toBeNull();
    });

    it('PATCH /me refuses it and leaves the record as it was', async () => {
      const before = await memberRecord();
      const res = await t.request('PATCH', '/api/auth/me', {
        token: member.token,
        json: { full_name: 'Member', [field]: value },
      });
      expect(res.status).toBe(422);
      expect(res.json.detail).toContainEqual(
        expect.objectContaining({ type: 'extra_forbidden', loc: ['body', field] }),
      );
      expect(await memberRecord()).toEqual(before);
    });
  });

  it.each(
    Object.entries(FOREIGN_FIELDS).filter(
      ([field]) => !['is_superuser', 'is_active'].includes(field),
    ),
  )(
    'admin PATCH refuses %s: only is_active, is_superuser and full_name are writable',
    async (field, value) => {
      const before = await memberRecord();
      const res = await t.request('PATCH', `/api/auth/admin/users/${member.id}`, {
        token: adminToken,
        json: { [field]: value },
      });
      expect(res.status).toBe(422);
      expect(res.json.detail).toContainEqual(
        expect.objectContaining({ type: 'extra_forbidden', loc: ['body', field] }),
      );
      expect(await memberRecord()).toEqual(before);
    },
  );

  it('the register answer shows the flags the server chose, whatever was sent', async () => {
    const res = await t.request('POST', '/api/auth/register', {
      json: { email: 'plain@example.com', password: PASSWORD },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ is_superuser: false, is_active: true });
    expect(res.json).not.toHaveProperty('hashed_password');
  });

  it.each([
    ['"true"', 'true'],
    ['" true"', ' true'],
    ['"True"', 'True'],
    ['"TRUE "', 'TRUE '],
    ['1', 1],
    ['"1"', '1'],
    ['"yes"', 'yes'],
    ['[true]', [true]],
    ['{}', {}],
  ])(
    'admin PATCH is_superuser %s is a 422 bool_type, the flag unchanged',
    async (_label, value) => {
      const res = await t.request('PATCH', `/api/auth/admin/users/${member.id}`, {
        token: adminToken,
        json: { is_superuser: value },
      });
      expect(res.status).toBe(422);
      expect((res.json.detail as Array<{ loc: unknown[] }>)[0]?.loc).toEqual([
        'body',
        'is_superuser',
      ]);
      expect((await memberRecord()).isSuperuser).toBe(false);
    },
  );

  it.each([' false', 'False', '0', 0, 'off'])(
    'admin PATCH is_active %j is a 422, the account still active',
    async (value) => {
      const res = await t.request('PATCH', `/api/auth/admin/users/${member.id}`, {
        token: adminToken,
        json: { is_active: value },
      });
      expect(res.status).toBe(422);
      expect((await memberRecord()).isActive).toBe(true);
    },
  );

  it('a member cannot reach the admin PATCH at all, flags in any spelling', async () => {
    for (const json of [{ is_superuser: true }, { is_superuser: 'true' }, { full_name: 'x' }]) {
      const res = await t.request('PATCH', `/api/auth/admin/users/${member.id}`, {
        token: member.token,
        json,
      });
      expect([403, 422]).toContain(res.status);
    }
    const res = await t.request('PATCH', `/api/auth/admin/users/${member.id}`, {
      token: member.token,
      json: { is_superuser: true },
    });
    expect(res.status).toBe(403);
    expect(res.json.detail).toBe('Administrator privileges required.');
    expect((await memberRecord()).isSuperuser).toBe(false);
  });

  it('a padded or case-variant copy of the admin address is the admin, not a new account', async () => {
    for (const email of [' admin@example.com', 'ADMIN@example.com', 'Admin@Example.Com ']) {
      const res = await t.request('POST', '/api/auth/register', {
        json: { email, password: 'a-different-password' },
      });
      expect(res.status).toBe(409);
    }
    const admins = (await t.rs.storage.users.listPaged({ skip: 0, limit: 200 })).filter(
      (user) => user.isSuperuser,
    );
    expect(admins.map((user) => user.email)).toEqual(['admin@example.com']);
  });

  it('an admin PATCH of a real flag works, so the refusals above are not a broken route', async () => {
    const res = await t.request('PATCH', `/api/auth/admin/users/${member.id}`, {
      token: adminToken,
      json: { full_name: 'Renamed', is_superuser: false },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ full_name: 'Renamed', is_superuser: false });
  });
});
