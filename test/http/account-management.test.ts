import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestRegstack, HTTP_BACKENDS, type TestRegstack } from '../support/test-regstack.js';

describe.each(HTTP_BACKENDS)('account management over HTTP on %s', (backend) => {
  let t: TestRegstack;
  let token: string;
  let userId: string;
  beforeEach(async () => {
    t = await createTestRegstack({ backend, config: { rate_limit_disabled: false } });
    const session = await t.registerAndLogin();
    token = session.token;
    userId = session.user._id;
  });
  afterEach(async () => {
    await t.close();
  });

  describe('change-password', () => {
    it('changes the password and signs out every session, the caller’s included', async () => {
      const events: string[] = [];
      t.rs.on('password_changed', ({ user }) => {
        events.push(user.email);
      });
      const res = await t.request('POST', '/api/auth/change-password', {
        token,
        json: { current_password: 'hunter2hunter2', new_password: 'a-new-password' },
      });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({
        message: 'Password changed. Existing sessions have been signed out.',
      });
      const me = await t.request('GET', '/api/auth/me', { token });
      expect(me.status).toBe(401);
      expect(me.json.detail).toBe('Session was invalidated; please sign in again.');
      expect((await t.login('alice@example.com', 'hunter2hunter2')).status).toBe(401);
      t.clock.advanceMicros(1);
      const fresh = await t.login('alice@example.com', 'a-new-password');
      expect(fresh.status).toBe(200);
      expect(
        (await t.request('GET', '/api/auth/me', { token: String(fresh.json.access_token) })).status,
      ).toBe(200);
      expect(events).toEqual(['alice@example.com']);
    });

    it('a login at the very instant of the change is revoked (equal instant counts)', async () => {
      await t.request('POST', '/api/auth/change-password', {
        token,
        json: { current_password: 'hunter2hunter2', new_password: 'a-new-password' },
      });
      const same = await t.login('alice@example.com', 'a-new-password');
      const me = await t.request('GET', '/api/auth/me', { token: String(same.json.access_token) });
      expect(me.status).toBe(401);
    });

    it('refuses a wrong current password and an unchanged password', async () => {
      const wrong = await t.request('POST', '/api/auth/change-password', {
        token,
        json: { current_password: 'nope-nope-nope', new_password: 'a-new-password' },
      });
      expect(wrong.status).toBe(400);
      expect(wrong.json.detail).toBe('Current password is incorrect.');
      const same = await t.request('POST', '/api/auth/change-password', {
        token,
        json: { current_password: 'hunter2hunter2', new_password: 'hunter2hunter2' },
      });
      expect(same.status).toBe(400);
      expect(same.json.detail).toBe('New password must differ from the current password.');
    });

    it('an account without a password gets the no-password detail', async () => {
      const oauthUser = await t.rs.storage.users.create({
        email: 'oauth@example.com',
        hashedPassword: null,
        isVerified: true,
      });
      const session = t.rs.tokens.issue({ purpose: 'session', subject: oauthUser.id });
      const res = await t.request('POST', '/api/auth/change-password', {
        token: session.token,
        json: { current_password: 'anything', new_password: 'a-new-password' },
      });
      expect(res.status).toBe(400);
      expect(res.json.detail).toBe(
        'No password set on this account. Use forgot-password to set one before changing account details.',
      );
    });
  });

  describe('change-email', () => {
    async function requestChange(newEmail = 'alice2@example.com'): Promise<string> {
      const res = await t.request('POST', '/api/auth/change-email', {
        token,
        json: { new_email: newEmail, current_password: 'hunter2hunter2' },
      });
      expect(res.status).toBe(202);
      expect(res.json).toEqual({
        message: 'A confirmation link has been sent to the new email address.',
      });
      return t.lastEmailToken();
    }

    it('round trip: link to the new address, confirm, old session dead, login with the new address', async () => {
      const changed: unknown[] = [];
      t.rs.on('email_changed', (payload) => {
        changed.push({ email: payload.user.email, previous: payload.previous_email });
      });
      const link = await requestChange('Alice2@Example.com');
      // A notice to the current address, then the link to the new one.
      expect(t.mailbox.map((message) => message.to)).toEqual([
        'alice@example.com',
        'alice2@example.com',
      ]);
      expect(t.mailbox[1]?.text).toContain(
        'http://localhost:8000/account/confirm-email-change?token=',
      );
      expect((await t.rs.storage.users.getById(userId))?.email).toBe('alice@example.com');

      const confirmed = await t.request('POST', '/api/auth/confirm-email-change', {
        json: { token: link },
      });
      expect(confirmed.status).toBe(200);
      expect(confirmed.json).toMatchObject({ _id: userId, email: 'alice2@example.com' });
      expect((await t.request('GET', '/api/auth/me', { token })).status).toBe(401);
      t.clock.advanceMicros(1);
      expect((await t.login('alice2@example.com', 'hunter2hunter2')).status).toBe(200);
      expect((await t.login('alice@example.com', 'hunter2hunter2')).status).toBe(401);
      expect(changed).toEqual([{ email: 'alice2@example.com', previous: 'alice@example.com' }]);

      const replay = await t.request('POST', '/api/auth/confirm-email-change', {
        json: { token: link },
      });
      expect(replay.status).toBe(400);
      expect(replay.json.detail).toBe('Token is invalid or has expired.');
    });

    it('clears the lockout rows of the previous address', async () => {
      await t.login('alice@example.com', 'wrong-password');
      const link = await requestChange();
      await t.request('POST', '/api/auth/confirm-email-change', { json: { token: link } });
      expect((await t.rs.storage.attempts.countRecent('alice@example.com', 900)).count).toBe(0);
    });

    it('rejects a taken address (409), a wrong password and the same address (400)', async () => {
      await t.registerAndLogin('bob@example.com');
      const taken = await t.request('POST', '/api/auth/change-email', {
        token,
        json: { new_email: 'BOB@example.com', current_password: 'hunter2hunter2' },
      });
      expect(taken.status).toBe(409);
      expect(taken.json.detail).toBe('That email address is already in use.');
      const wrong = await t.request('POST', '/api/auth/change-email', {
        token,
        json: { new_email: 'new@example.com', current_password: 'wrong-password' },
      });
      expect(wrong.status).toBe(400);
      expect(wrong.json.detail).toBe('Current password is incorrect.');
      const same = await t.request('POST', '/api/auth/change-email', {
        token,
        json: { new_email: 'ALICE@example.com', current_password: 'hunter2hunter2' },
      });
      expect(same.status).toBe(400);
      expect(same.json.detail).toBe('New email is the same as the current email.');
    });

    it('an address taken between request and confirmation answers 409', async () => {
      const link = await requestChange('carol@example.com');
      await t.registerAndLogin('carol@example.com');
      const res = await t.request('POST', '/api/auth/confirm-email-change', {
        json: { token: link },
      });
      expect(res.status).toBe(409);
      expect(res.json.detail).toBe('That email address is already in use.');
    });

    it('rejects an expired token and a session token', async () => {
      const link = await requestChange();
      t.clock.advance(3601);
      const expired = await t.request('POST', '/api/auth/confirm-email-change', {
        json: { token: link },
      });
      expect(expired.status).toBe(400);
      expect(expired.json.detail).toBe('Token is invalid or has expired.');
      const session = await t.request('POST', '/api/auth/confirm-email-change', {
        json: { token },
      });
      expect(session.status).toBe(400);
      expect(session.json.detail).toBe('Token is invalid or has expired.');
    });

    it('a link minted before a password change is refused afterwards', async () => {
      const beforeChange = await requestChange('mallory@example.com');
      const changed = await t.request('POST', '/api/auth/change-password', {
        token,
        json: { current_password: 'hunter2hunter2', new_password: 'a-new-password' },
      });
      expect(changed.status).toBe(200);
      const refused = await t.request('POST', '/api/auth/confirm-email-change', {
        json: { token: beforeChange },
      });
      expect(refused.status).toBe(400);
      expect(refused.json.detail).toBe('Token is invalid or has expired.');
    });

    it('a link minted before an admin disable is refused after re-enabling', async () => {
      const beforeDisable = await requestChange('mallory2@example.com');
      await t.rs.storage.users.deactivate(userId);
      await t.rs.storage.users.setActive(userId, true);
      const afterEnable = await t.request('POST', '/api/auth/confirm-email-change', {
        json: { token: beforeDisable },
      });
      expect(afterEnable.status).toBe(400);
      expect(afterEnable.json.detail).toBe('Token is invalid or has expired.');
      expect((await t.rs.storage.users.getById(userId))?.email).toBe('alice@example.com');
    });

    it('a token whose account is gone answers the account-mismatch 400', async () => {
      const link = await requestChange();
      await t.rs.storage.users.delete(userId);
      const res = await t.request('POST', '/api/auth/confirm-email-change', {
        json: { token: link },
      });
      expect(res.status).toBe(400);
      expect(res.json.detail).toBe('Token does not match an active account.');
    });
  });

  describe('DELETE /account', () => {
    it('deletes the user, its pending row, lockout rows, codes and identities', async () => {
      const deleted: string[] = [];
      t.rs.on('user_deleted', ({ user }) => {
        deleted.push(user.email);
      });
      await t.login('alice@example.com', 'wrong-password');
      await t.rs.storage.oauthIdentities.create({
        userId,
        provider: 'google',
        subjectId: 'g-1',
        email: null,
      });
      await t.rs.storage.mfaCodes.put({
        userId,
        kind: 'login_mfa',
        codeHash: 'a'.repeat(64),
        expiresAt: t.clock.now() + 60_000_000,
        maxAttempts: 3,
      });
      const res = await t.request('DELETE', '/api/auth/account', {
        token,
        json: { current_password: 'hunter2hunter2' },
      });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ message: 'Account deleted.' });
      expect(await t.rs.storage.users.getById(userId)).toBeNull();
      expect((await t.rs.storage.attempts.countRecent('alice@example.com', 900)).count).toBe(0);
      expect(await t.rs.storage.oauthIdentities.listForUser(userId)).toEqual([]);
      expect(await t.rs.storage.mfaCodes.find(userId, 'login_mfa')).toBeNull();
      const me = await t.request('GET', '/api/auth/me', { token });
      expect(me.status).toBe(401);
      expect(me.json.detail).toBe('User no longer active.');
      expect(deleted).toEqual(['alice@example.com']);
    });

    it('requires the current password and a body', async () => {
      const wrong = await t.request('DELETE', '/api/auth/account', {
        token,
        json: { current_password: 'wrong-password' },
      });
      expect(wrong.status).toBe(400);
      expect(wrong.json.detail).toBe('Current password is incorrect.');
      const missing = await t.request('DELETE', '/api/auth/account', { token });
      expect(missing.status).toBe(422);
      const anonymous = await t.request('DELETE', '/api/auth/account', {
        json: { current_password: 'x' },
      });
      expect(anonymous.status).toBe(401);
    });

    it('answers 404 when deletion is disabled, after authentication and validation', async () => {
      await t.close();
      t = await createTestRegstack({ backend, config: { enable_account_deletion: false } });
      ({ token } = await t.registerAndLogin());
      const anonymous = await t.request('DELETE', '/api/auth/account', {
        json: { current_password: 'x' },
      });
      expect(anonymous.status).toBe(401);
      const invalid = await t.request('DELETE', '/api/auth/account', { token, json: {} });
      expect(invalid.status).toBe(422);
      const res = await t.request('DELETE', '/api/auth/account', {
        token,
        json: { current_password: 'hunter2hunter2' },
      });
      expect(res.status).toBe(404);
      expect(res.json.detail).toBe('Account deletion is disabled for this application.');
    });
  });
});
