import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestRegstack, HTTP_BACKENDS, type TestRegstack } from '../support/test-regstack.js';

const PHONE = '+14155552671';

describe.each(HTTP_BACKENDS)('the SMS step of login on %s', (backend) => {
  let t: TestRegstack;
  beforeEach(async () => {
    t = await createTestRegstack({
      backend,
      config: { sms_code_max_attempts: 2, sms: { from_number: '+15550000000' } },
    });
    const { user } = await t.registerAndLogin();
    await t.rs.storage.users.setPhoneAndMfa(user._id, PHONE, true);
  });
  afterEach(async () => {
    await t.close();
  });

  function lastCode(): string {
    const match = /\b(\d{6})\b/.exec(t.smsOutbox.at(-1)?.body ?? '');
    if (!match?.[1]) throw new Error('no code in the last SMS');
    return match[1];
  }

  async function startMfa(): Promise<string> {
    const res = await t.login('alice@example.com', 'hunter2hunter2');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'mfa_required', expires_in: 600, delivery: 'sms' });
    expect(res.json).not.toHaveProperty('access_token');
    return String(res.json.mfa_pending_token);
  }

  it('sends a code by SMS and confirms it for a session token', async () => {
    const started: string[] = [];
    t.rs.on('mfa_login_started', ({ code }) => {
      started.push(code);
    });
    const pending = await startMfa();
    expect(t.smsOutbox).toHaveLength(1);
    expect(t.smsOutbox[0]).toMatchObject({ to: PHONE, fromNumber: '+15550000000' });
    expect(t.smsOutbox[0]?.body).toMatch(/^RegStack sign-in code: \d{6}\. Expires in 5 minutes\./);
    expect(started).toEqual([lastCode()]);
    const confirmed = await t.request('POST', '/api/auth/login/mfa-confirm', {
      json: { mfa_pending_token: pending, code: lastCode() },
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.json).toMatchObject({ token_type: 'bearer', expires_in: 7200 });
    const me = await t.request('GET', '/api/auth/me', {
      token: String(confirmed.json.access_token),
    });
    expect(me.json).toMatchObject({ is_mfa_enabled: true, phone_number: PHONE });
  });

  it('a pending token from before a password change is refused, its code right', async () => {
    const pending = await startMfa();
    const user = await t.rs.storage.users.getByEmail('alice@example.com');
    if (!user) throw new Error('no user');
    await t.rs.storage.users.updatePassword(user.id, 'not-a-hash-the-code-path-never-reads');
    const res = await t.request('POST', '/api/auth/login/mfa-confirm', {
      json: { mfa_pending_token: pending, code: lastCode() },
    });
    expect(res.status).toBe(400);
    expect(res.json.detail).toBe('MFA token is invalid or has expired.');
    expect(res.json).not.toHaveProperty('access_token');
  });

  it('counts wrong codes, then locks the code', async () => {
    const pending = await startMfa();
    const code = lastCode();
    const wrongCode = code === '000000' ? '111111' : '000000';
    const first = await t.request('POST', '/api/auth/login/mfa-confirm', {
      json: { mfa_pending_token: pending, code: wrongCode },
    });
    expect(first.status).toBe(400);
    expect(first.json.detail).toBe('Wrong code; 1 attempts remaining.');
    const second = await t.request('POST', '/api/auth/login/mfa-confirm', {
      json: { mfa_pending_token: pending, code: wrongCode },
    });
    expect(second.status).toBe(400);
    expect(second.json.detail).toBe('Too many wrong attempts — start the login flow again.');
    const right = await t.request('POST', '/api/auth/login/mfa-confirm', {
      json: { mfa_pending_token: pending, code },
    });
    expect(right.status).toBe(400);
    expect(right.json.detail).toBe('No pending sign-in code — start the login flow again.');
  });

  it('a code works only with the pending token it was sent for', async () => {
    const first = await startMfa();
    const second = await startMfa();
    const code = lastCode();
    const crossed = await t.request('POST', '/api/auth/login/mfa-confirm', {
      json: { mfa_pending_token: first, code },
    });
    expect(crossed.status).toBe(400);
    expect(crossed.json.detail).toBe('Wrong code; 1 attempts remaining.');
    const own = await t.request('POST', '/api/auth/login/mfa-confirm', {
      json: { mfa_pending_token: second, code },
    });
    expect(own.status).toBe(200);
  });

  it('the pending token is single-use (Decision 18)', async () => {
    const pending = await startMfa();
    const code = lastCode();
    const ok = await t.request('POST', '/api/auth/login/mfa-confirm', {
      json: { mfa_pending_token: pending, code },
    });
    expect(ok.status).toBe(200);
    const replay = await t.request('POST', '/api/auth/login/mfa-confirm', {
      json: { mfa_pending_token: pending, code },
    });
    expect(replay.status).toBe(400);
    expect(replay.json.detail).toBe('MFA token is invalid or has expired.');
  });

  it('an expired code and an expired pending token say so', async () => {
    const pending = await startMfa();
    const code = lastCode();
    t.clock.advance(301);
    const expiredCode = await t.request('POST', '/api/auth/login/mfa-confirm', {
      json: { mfa_pending_token: pending, code },
    });
    expect(expiredCode.json.detail).toBe('Sign-in code has expired. Try logging in again.');
    t.clock.advance(300);
    const expiredToken = await t.request('POST', '/api/auth/login/mfa-confirm', {
      json: { mfa_pending_token: pending, code },
    });
    expect(expiredToken.status).toBe(400);
    expect(expiredToken.json.detail).toBe('MFA token is invalid or has expired.');
  });

  it('a failing SMS transport still answers mfa_required and fires delivery_failed', async () => {
    const failures: unknown[] = [];
    t.rs.on('delivery_failed', (payload) => {
      failures.push(payload);
    });
    t.rs.setSmsBackend({
      send: async () => {
        throw new Error('sms gateway down');
      },
    });
    await startMfa();
    expect(failures).toEqual([
      { channel: 'sms', kind: 'login_mfa', to: PHONE, error: 'sms gateway down' },
    ]);
  });
});
