// Advisory class 3: sessions and single-use tokens that outlive a deleted or disabled user, on any instance.
import { afterEach, describe, expect, it } from 'vitest';
import { randomToken } from '../../src/crypto/random.js';
import { createTestRegstack, HTTP_BACKENDS, type TestRegstack } from '../support/test-regstack.js';

const PASSWORD = 'hunter2hunter2';
const PHONE = '+15555550100';

describe.each(HTTP_BACKENDS)('class 3: tokens of deleted and disabled users on %s', (backend) => {
  const open: TestRegstack[] = [];
  afterEach(async () => {
    for (const t of open.splice(0)) await t.close();
  });

  /** Two instances on one database and one secret, as two hosts behind a load balancer. */
  async function pair(): Promise<[TestRegstack, TestRegstack]> {
    const jwt_secret = randomToken(48);
    const config = { jwt_secret, enable_admin_router: true, enable_sms_2fa: true };
    const a = await createTestRegstack({ backend, config });
    open.push(a);
    const b = await createTestRegstack({
      backend,
      clock: a.clock,
      config: { ...config, database_url: a.rs.config.database_url.reveal() },
    });
    open.push(b);
    return [a, b];
  }

  /** A session, a reset link, an email-change link and a phone-setup token, all minted on A. */
  async function everyToken(a: TestRegstack) {
    const { token, user } = await a.registerAndLogin('victim@example.com', PASSWORD);
    await a.request('POST', '/api/auth/forgot-password', { json: { email: 'victim@example.com' } });
    const reset = a.lastEmailToken();
    await a.request('POST', '/api/auth/change-email', {
      token,
      json: { new_email: 'elsewhere@example.com', current_password: PASSWORD },
    });
    const change = a.lastEmailToken();
    const phone = await a.request('POST', '/api/auth/phone/start', {
      token,
      json: { phone_number: PHONE, current_password: PASSWORD },
    });
    expect(phone.status).toBe(202);
    return {
      id: String(user._id),
      session: token,
      reset,
      change,
      phoneSetup: String(phone.json.pending_token),
      code: /\d{6}/.exec(a.smsOutbox.at(-1)?.body ?? '')?.[0] ?? '',
    };
  }

  async function expectAllDead(t: TestRegstack, tokens: Awaited<ReturnType<typeof everyToken>>) {
    const me = await t.request('GET', '/api/auth/me', { token: tokens.session });
    expect(me.status).toBe(401);
    expect(typeof me.json.detail).toBe('string');
    const patch = await t.request('PATCH', '/api/auth/me', {
      token: tokens.session,
      json: { full_name: 'Still here' },
    });
    expect(patch.status).toBe(401);
    const reset = await t.request('POST', '/api/auth/reset-password', {
      json: { token: tokens.reset, new_password: 'taken-over-password' },
    });
    expect(reset.status).toBe(400);
    const change = await t.request('POST', '/api/auth/confirm-email-change', {
      json: { token: tokens.change },
    });
    expect(change.status).toBe(400);
    const phone = await t.request('POST', '/api/auth/phone/confirm', {
      json: { pending_token: tokens.phoneSetup, code: tokens.code },
    });
    expect(phone.status).toBe(400);
    expect((await t.login('victim@example.com', PASSWORD)).status).not.toBe(200);
  }

  it('a user who deletes their account on A: every token is dead on B and on A', async () => {
    const [a, b] = await pair();
    const tokens = await everyToken(a);
    const deleted = await a.request('DELETE', '/api/auth/account', {
      token: tokens.session,
      json: { current_password: PASSWORD },
    });
    expect(deleted.status).toBe(200);
    await expectAllDead(b, tokens);
    await expectAllDead(a, tokens);
    expect(await b.rs.storage.users.getByEmail('elsewhere@example.com')).toBeNull();
  });

  it('an admin delete on A: every token is dead on B, and a new account of the address inherits none', async () => {
    const [a, b] = await pair();
    const tokens = await everyToken(a);
    await a.rs.bootstrapAdmin('admin@example.com', PASSWORD);
    const admin = String((await a.login('admin@example.com', PASSWORD)).json.access_token);
    const res = await a.request('DELETE', `/api/auth/admin/users/${tokens.id}`, { token: admin });
    expect(res.status).toBe(200);
    await expectAllDead(b, tokens);
    // The address is registered again by someone else: the old links carry the old id.
    const fresh = await b.registerAndLogin('victim@example.com', 'the-new-owners-password');
    await expectAllDeadForNewOwner(b, tokens, fresh.token);
  });

  async function expectAllDeadForNewOwner(
    t: TestRegstack,
    tokens: Awaited<ReturnType<typeof everyToken>>,
    newSession: string,
  ) {
    expect((await t.request('GET', '/api/auth/me', { token: tokens.session })).status).toBe(401);
    const reset = await t.request('POST', '/api/auth/reset-password', {
      json: { token: tokens.reset, new_password: 'taken-over-password' },
    });
    expect(reset.status).toBe(400);
    expect((await t.login('victim@example.com', 'the-new-owners-password')).status).toBe(200);
    expect((await t.request('GET', '/api/auth/me', { token: newSession })).status).toBe(200);
  }

  it('an admin disable on A: every token is dead on B, and stays dead after re-enabling', async () => {
    const [a, b] = await pair();
    const tokens = await everyToken(a);
    await a.rs.bootstrapAdmin('admin@example.com', PASSWORD);
    const admin = String((await a.login('admin@example.com', PASSWORD)).json.access_token);
    a.clock.advance(1);
    const off = await a.request('PATCH', `/api/auth/admin/users/${tokens.id}`, {
      token: admin,
      json: { is_active: false },
    });
    expect(off.status).toBe(200);
    await expectAllDead(b, tokens);
    const disabledLogin = await b.login('victim@example.com', PASSWORD);
    expect(disabledLogin.status).toBe(403);
    a.clock.advance(1);
    const on = await b.request('PATCH', `/api/auth/admin/users/${tokens.id}`, {
      token: admin,
      json: { is_active: true },
    });
    expect(on.status).toBe(200);
    for (const t of [a, b]) {
      const me = await t.request('GET', '/api/auth/me', { token: tokens.session });
      expect(me.status).toBe(401);
      const reset = await t.request('POST', '/api/auth/reset-password', {
        json: { token: tokens.reset, new_password: 'taken-over-password' },
      });
      expect(reset.status).toBe(400);
    }
    // A fresh sign-in after re-enabling works: the refusals are the cut-off, not a broken account.
    expect((await b.login('victim@example.com', PASSWORD)).status).toBe(200);
  });

  it('a disabled user with an MFA sign-in half done cannot finish it on the other instance', async () => {
    const [a, b] = await pair();
    const { user } = await a.registerAndLogin('mfa@example.com', PASSWORD);
    await a.rs.storage.users.setPhoneAndMfa(user._id, PHONE, true);
    const started = await a.login('mfa@example.com', PASSWORD);
    expect(started.status).toBe(200);
    const pending = String(started.json.mfa_pending_token);
    const code = /\d{6}/.exec(a.smsOutbox.at(-1)?.body ?? '')?.[0] ?? '';
    await a.rs.bootstrapAdmin('admin@example.com', PASSWORD);
    const admin = String((await a.login('admin@example.com', PASSWORD)).json.access_token);
    a.clock.advance(1);
    await a.request('PATCH', `/api/auth/admin/users/${user._id}`, {
      token: admin,
      json: { is_active: false },
    });
    const finished = await b.request('POST', '/api/auth/login/mfa-confirm', {
      json: { mfa_pending_token: pending, code },
    });
    expect(finished.status).toBeGreaterThanOrEqual(400);
    expect(finished.status).toBeLessThan(500);
    expect(finished.json).not.toHaveProperty('access_token');
  });
});
