import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestRegstack, HTTP_BACKENDS, type TestRegstack } from '../support/test-regstack.js';

/* Sessions per device (issue 16): list, revoke one, revoke the others, the admin routes. */

const API = '/api/auth';
const PASSWORD = 'hunter2hunter2';

interface SessionJson {
  id: string;
  created_at: string;
  user_agent: string | null;
  ip: string | null;
  method: string;
  current: boolean;
}

describe.each(HTTP_BACKENDS)('sessions per device on %s', (backend) => {
  let t: TestRegstack;
  beforeEach(async () => {
    t = await createTestRegstack({ backend, config: { enable_admin_router: true } });
  });
  afterEach(async () => {
    await t.close();
  });

  const signIn = async (userAgent: string, email = 'alice@example.com'): Promise<string> => {
    const res = await t.request('POST', `${API}/login`, {
      json: { email, password: PASSWORD },
      headers: { 'user-agent': userAgent },
    });
    expect(res.status).toBe(200);
    return String(res.json.access_token);
  };
  const list = async (token: string): Promise<SessionJson[]> => {
    const res = await t.request('GET', `${API}/sessions`, { token });
    expect(res.status).toBe(200);
    return res.json.sessions as SessionJson[];
  };
  const me = async (token: string): Promise<number> =>
    (await t.request('GET', `${API}/me`, { token })).status;

  it('lists each sign-in with its user agent and method, newest first, and marks the current one', async () => {
    const { token: first } = await t.registerAndLogin();
    t.clock.advance(5);
    const laptop = await signIn('Laptop/1.0');
    const sessions = await list(laptop);
    expect(sessions).toHaveLength(2);
    expect(sessions[0]).toEqual({
      id: expect.any(String),
      created_at: expect.stringMatching(/Z$/),
      user_agent: 'Laptop/1.0',
      ip: null,
      method: 'password',
      current: true,
    });
    expect(sessions[1]).toMatchObject({ current: false, method: 'password' });
    expect((await list(first)).map((s) => s.current)).toEqual([false, true]);
    // The id is not the token's jti and is no bearer credential.
    const id = sessions[0]?.id ?? '';
    expect(laptop).not.toContain(id);
    expect(await me(id)).toBe(401);
  });

  it('keeps a long user agent cut to 512 characters', async () => {
    await t.registerAndLogin();
    const token = await signIn('x'.repeat(2000));
    const session = (await list(token)).find((s) => s.current);
    expect(session?.user_agent).toHaveLength(512);
  });

  it('revokes one session: its next request is 401, the caller stays signed in', async () => {
    const { token: phone } = await t.registerAndLogin();
    const laptop = await signIn('Laptop/1.0');
    const target = (await list(laptop)).find((s) => !s.current);
    const res = await t.request('DELETE', `${API}/sessions/${target?.id}`, { token: laptop });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ message: 'Session revoked.' });
    const denied = await t.request('GET', `${API}/me`, { token: phone });
    expect(denied.status).toBe(401);
    expect(denied.json.detail).toBe('Token has been revoked.');
    expect(await me(laptop)).toBe(200);
    expect(await list(laptop)).toHaveLength(1);
    const again = await t.request('DELETE', `${API}/sessions/${target?.id}`, { token: laptop });
    expect(again.status).toBe(404);
    expect(again.json).toEqual({ detail: 'Session not found.' });
  });

  it('revokes the current session too when asked by id', async () => {
    const { token } = await t.registerAndLogin();
    const [own] = await list(token);
    expect((await t.request('DELETE', `${API}/sessions/${own?.id}`, { token })).status).toBe(200);
    expect(await me(token)).toBe(401);
  });

  it('revoke-others keeps only the current session', async () => {
    const { token: a } = await t.registerAndLogin();
    const b = await signIn('B/1');
    const c = await signIn('C/1');
    const res = await t.request('POST', `${API}/sessions/revoke-others`, { token: c });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ message: 'Revoked 2 other sessions.' });
    expect(await me(a)).toBe(401);
    expect(await me(b)).toBe(401);
    expect(await me(c)).toBe(200);
    const left = await list(c);
    expect(left).toHaveLength(1);
    expect(left[0]?.current).toBe(true);
  });

  it('answers 404 for an unknown id, another user’s session and malformed ids, never 5xx', async () => {
    const { token: alice } = await t.registerAndLogin();
    const { token: bob } = await t.registerAndLogin('bob@example.com');
    const [bobSession] = await list(bob);
    for (const id of [
      bobSession?.id,
      'f'.repeat(32),
      'f'.repeat(24),
      'not-an-id',
      '%27%20or%201%3D1',
      'x'.repeat(300),
    ]) {
      const res = await t.request('DELETE', `${API}/sessions/${id}`, { token: alice });
      expect(res.status, String(id)).toBe(404);
    }
    expect(await me(bob)).toBe(200);
  });

  it('leaves out logged-out, expired and cut-off sessions', async () => {
    const { token, user } = await t.registerAndLogin();
    const other = await signIn('Other/1');
    expect((await t.request('POST', `${API}/logout`, { token: other })).status).toBe(200);
    expect(await list(token)).toHaveLength(1);
    await t.rs.storage.users.setTokensInvalidatedAfter(user._id, t.clock.now());
    t.clock.advanceMicros(1);
    const fresh = await signIn('Fresh/1');
    expect((await list(fresh)).map((s) => s.user_agent)).toEqual(['Fresh/1']);
    t.clock.advance(7200 + 1);
    const later = await signIn('Later/1');
    expect((await list(later)).map((s) => s.user_agent)).toEqual(['Later/1']);
  });

  it('requires authentication on every session route', async () => {
    for (const [method, path] of [
      ['GET', '/sessions'],
      ['DELETE', '/sessions/abc'],
      ['POST', '/sessions/revoke-others'],
    ] as const) {
      const res = await t.request(method, `${API}${path}`);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  describe('admin', () => {
    const adminToken = async (): Promise<string> => {
      await t.rs.bootstrapAdmin('admin@example.com', 'admin-password-1');
      return String((await t.login('admin@example.com', 'admin-password-1')).json.access_token);
    };

    it('lists and revokes a user’s sessions', async () => {
      const { token: a, user } = await t.registerAndLogin();
      const b = await signIn('B/1');
      const admin = await adminToken();
      const base = `${API}/admin/users/${user._id}/sessions`;
      const listed = await t.request('GET', base, { token: admin });
      expect(listed.status).toBe(200);
      const sessions = listed.json.sessions as SessionJson[];
      expect(sessions).toHaveLength(2);
      expect(sessions.every((s) => !s.current)).toBe(true);

      const ofB = sessions.find((s) => s.user_agent === 'B/1');
      const one = await t.request('DELETE', `${base}/${ofB?.id}`, { token: admin });
      expect(one.status).toBe(200);
      expect(await me(b)).toBe(401);
      expect(await me(a)).toBe(200);

      const all = await t.request('POST', `${base}/revoke`, { token: admin });
      expect(all.status).toBe(200);
      expect(await me(a)).toBe(401);
      expect((await t.request('GET', base, { token: admin })).json.sessions).toEqual([]);
      expect(await me(admin)).toBe(200);
    });

    it('answers 404 for an unknown user or session and 403 for a non-admin', async () => {
      const { token, user } = await t.registerAndLogin();
      const admin = await adminToken();
      for (const [method, path] of [
        ['GET', '/admin/users/ffffffffffffffffffffffff/sessions'],
        ['POST', '/admin/users/nope/sessions/revoke'],
        ['DELETE', `/admin/users/ffffffffffffffffffffffff/sessions/${'f'.repeat(32)}`],
      ] as const) {
        const res = await t.request(method, `${API}${path}`, { token: admin });
        expect(res.status, path).toBe(404);
        expect(res.json).toEqual({ detail: 'User not found.' });
      }
      const missing = await t.request(
        'DELETE',
        `${API}/admin/users/${user._id}/sessions/not-a-session`,
        { token: admin },
      );
      expect(missing.status).toBe(404);
      expect(missing.json).toEqual({ detail: 'Session not found.' });
      const forbidden = await t.request('GET', `${API}/admin/users/${user._id}/sessions`, {
        token,
      });
      expect(forbidden.status).toBe(403);
    });
  });
});
