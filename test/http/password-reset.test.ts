import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestRegstack, HTTP_BACKENDS, type TestRegstack } from '../support/test-regstack.js';

describe.each(HTTP_BACKENDS)('password reset over HTTP on %s', (backend) => {
  let t: TestRegstack;
  beforeEach(async () => {
    t = await createTestRegstack({ backend });
  });
  afterEach(async () => {
    await t.close();
  });

  async function forgot(email = 'alice@example.com'): Promise<void> {
    const res = await t.request('POST', '/api/auth/forgot-password', { json: { email } });
    expect(res.status).toBe(202);
    expect(res.json).toEqual({
      message: 'If an account exists for that email, a reset link has been sent.',
    });
  }

  it('forgot → reset → old password 401, new password 200; sessions revoked', async () => {
    const events: string[] = [];
    t.rs.on('password_reset_requested', ({ url }) => {
      events.push(`requested:${url.includes('/account/reset?token=')}`);
    });
    t.rs.on('password_reset_completed', ({ user }) => {
      events.push(`completed:${user.email}`);
    });
    const { token: session } = await t.registerAndLogin();
    await forgot('ALICE@example.com');
    expect(t.mailbox).toHaveLength(1);
    const mail = t.mailbox[0];
    expect(mail?.subject).toBe('Reset your RegStack password');
    expect(mail?.text).toContain('30 minutes');
    expect(mail?.text).toMatch(
      /http:\/\/localhost:8000\/account\/reset\?token=[\w-]+\.[\w-]+\.[\w-]+/,
    );
    const token = t.lastEmailToken();

    t.clock.advance(1);
    const reset = await t.request('POST', '/api/auth/reset-password', {
      json: { token, new_password: 'brand-new-password' },
    });
    expect(reset.status).toBe(200);
    expect(reset.json).toEqual({ message: 'Password has been reset. Please sign in.' });
    expect((await t.request('GET', '/api/auth/me', { token: session })).status).toBe(401);
    expect((await t.login('alice@example.com', 'hunter2hunter2')).status).toBe(401);
    t.clock.advanceMicros(1);
    expect((await t.login('alice@example.com', 'brand-new-password')).status).toBe(200);
    expect(events).toEqual(['requested:true', 'completed:alice@example.com']);
  });

  it('answers 202 and sends nothing for an unknown or disabled account', async () => {
    await forgot('nobody@example.com');
    const { user } = await t.registerAndLogin();
    await t.rs.storage.users.setActive(user._id, false);
    await forgot('alice@example.com');
    expect(t.mailbox).toHaveLength(0);
  });

  it('a reset token is single-use (Decision 18)', async () => {
    await t.registerAndLogin();
    await forgot();
    const token = t.lastEmailToken();
    t.clock.advance(1);
    const first = await t.request('POST', '/api/auth/reset-password', {
      json: { token, new_password: 'first-new-password' },
    });
    expect(first.status).toBe(200);
    const replay = await t.request('POST', '/api/auth/reset-password', {
      json: { token, new_password: 'second-new-password' },
    });
    expect(replay.status).toBe(400);
    expect(replay.json.detail).toBe('Reset token is invalid or has expired.');
  });

  it('a completed reset retires the other outstanding reset tokens', async () => {
    await t.registerAndLogin();
    await forgot();
    const older = t.lastEmailToken();
    t.clock.advance(1);
    await forgot();
    const newer = t.lastEmailToken();
    t.clock.advance(1);
    expect(
      (
        await t.request('POST', '/api/auth/reset-password', {
          json: { token: newer, new_password: 'first-new-password' },
        })
      ).status,
    ).toBe(200);
    const stale = await t.request('POST', '/api/auth/reset-password', {
      json: { token: older, new_password: 'second-new-password' },
    });
    expect(stale.status).toBe(400);
    expect(stale.json.detail).toBe('Reset token is invalid or has expired.');
  });

  it('rejects a session token used as a reset token', async () => {
    const { token } = await t.registerAndLogin();
    const res = await t.request('POST', '/api/auth/reset-password', {
      json: { token, new_password: 'brand-new-password' },
    });
    expect(res.status).toBe(400);
    expect(res.json.detail).toBe('Reset token is invalid or has expired.');
  });

  it('rejects an expired reset token', async () => {
    await t.close();
    t = await createTestRegstack({ backend, config: { password_reset_token_ttl_seconds: 120 } });
    await t.registerAndLogin();
    await forgot();
    const token = t.lastEmailToken();
    t.clock.advance(180);
    const res = await t.request('POST', '/api/auth/reset-password', {
      json: { token, new_password: 'brand-new-password' },
    });
    expect(res.status).toBe(400);
    expect(res.json.detail).toBe('Reset token is invalid or has expired.');
  });

  it('a reset token of a deleted account answers the account-mismatch 400', async () => {
    const { user } = await t.registerAndLogin();
    await forgot();
    const token = t.lastEmailToken();
    await t.rs.storage.users.delete(user._id);
    const res = await t.request('POST', '/api/auth/reset-password', {
      json: { token, new_password: 'brand-new-password' },
    });
    expect(res.status).toBe(400);
    expect(res.json.detail).toBe('Reset token does not match an active account.');
  });

  it('is not mounted when enable_password_reset is false (Decision 7)', async () => {
    await t.close();
    t = await createTestRegstack({ backend, config: { enable_password_reset: false } });
    const res = await t.request('POST', '/api/auth/forgot-password', {
      json: { email: 'alice@example.com' },
    });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ detail: 'Not Found' });
  });
});
