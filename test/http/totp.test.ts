import { Secret, TOTP } from 'otpauth';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigOverrides } from '../../src/config/overrides.js';
import { deriveSecret } from '../../src/crypto/derive-secret.js';
import { sha256Hex } from '../../src/crypto/hash.js';
import { normalizeRecoveryCode } from '../../src/crypto/recovery-code.js';
import { seal } from '../../src/crypto/seal.js';
import { newTotpSecret } from '../../src/crypto/totp.js';
import { MICROS_PER_MILLI } from '../../src/ports/clock.js';
import {
  createTestRegstack,
  HTTP_BACKENDS,
  type TestRegstack,
  type TestResponse,
} from '../support/test-regstack.js';

/* Authenticator apps and recovery codes (issue 19), through the real handler. */

const API = '/api/auth';
const EMAIL = 'alice@example.com';
const PASSWORD = 'hunter2hunter2';
const PHONE = '+14155552671';
const RECOVERY_SHAPE = /^[A-Z2-7]{4}(-[A-Z2-7]{1,4}){6}$/;

/** What an authenticator app shows for `secret` at `offsetSteps` steps from the clock. */
function appCode(t: TestRegstack, secret: string, offsetSteps = 0): string {
  return TOTP.generate({
    secret: Secret.fromBase32(secret),
    timestamp: Math.floor(t.clock.now() / MICROS_PER_MILLI) + offsetSteps * 30_000,
  });
}

/** Another six digits than `code`. */
function otherCode(code: string): string {
  return code === '000000' ? '111111' : '000000';
}

/**
 * Every stored row of a SQL table, as text, for "never in clear" checks; null on MongoDB,
 * where the repository's record (the stored fields as they are) is checked instead.
 */
async function rawRows(t: TestRegstack, table: string): Promise<string | null> {
  const storage: unknown = t.rs.storage;
  if (!(storage instanceof Object) || !('rawQuery' in storage)) return null;
  const rawQuery = storage.rawQuery as (statement: string) => Promise<unknown[]>;
  return JSON.stringify(await rawQuery(`select * from ${table}`));
}

describe.each(HTTP_BACKENDS)('authenticator apps on %s', (backend) => {
  let t: TestRegstack;
  let token: string;
  let userId: string;

  async function start(config: ConfigOverrides = {}): Promise<void> {
    t = await createTestRegstack({ backend, config: { enable_totp: true, ...config } });
    const signedIn = await t.registerAndLogin(EMAIL, PASSWORD);
    token = signedIn.token;
    userId = signedIn.user._id;
  }
  afterEach(async () => {
    await t.close();
  });

  const post = (path: string, json?: unknown, as: string = token): Promise<TestResponse> =>
    t.request('POST', `${API}${path}`, { token: as, ...(json === undefined ? {} : { json }) });

  /** Enrols an app; the clock then moves a step on, so the confirming code is spent. */
  async function enrol(): Promise<{ secret: string; recoveryCodes: string[] }> {
    const started = await post('/totp/start');
    expect(started.status).toBe(200);
    const secret = String(started.json.secret);
    const confirmed = await post('/totp/confirm', { code: appCode(t, secret) });
    expect(confirmed.status).toBe(200);
    t.clock.advance(30);
    return { secret, recoveryCodes: (confirmed.json.recovery_codes ?? []) as string[] };
  }

  async function pendingSignIn(): Promise<TestResponse> {
    const res = await t.login(EMAIL, PASSWORD);
    expect(res.status).toBe(200);
    expect(res.json.status).toBe('mfa_required');
    expect(res.json).not.toHaveProperty('access_token');
    return res;
  }

  const confirmSignIn = (pending: TestResponse, code: string, method?: string) =>
    t.request('POST', `${API}/login/mfa-confirm`, {
      json: {
        mfa_pending_token: pending.json.mfa_pending_token,
        code,
        ...(method === undefined ? {} : { method }),
      },
    });

  it('start returns the secret, its otpauth URI and a QR code; the secret is stored sealed', async () => {
    await start({ app_name: 'Acme' });
    const res = await post('/totp/start');
    expect(res.status).toBe(200);
    const secret = String(res.json.secret);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(String(res.json.otpauth_uri));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('issuer')).toBe('Acme');
    expect(decodeURIComponent(uri.pathname)).toContain(EMAIL);
    expect(String(res.json.qr_svg)).toMatch(/^<svg[^>]*>[\s\S]*<\/svg>$/);

    const factor = await t.rs.storage.totpFactors.get(userId);
    expect(factor).toMatchObject({ confirmedAt: null, lastStep: null });
    expect(JSON.stringify(factor)).not.toContain(secret);
    const rows = await rawRows(t, 'totp_factors');
    if (rows !== null) {
      expect(rows).toContain(factor?.sealedSecret);
      expect(rows).not.toContain(secret);
    }

    // An unconfirmed enrolment is replaced by a new start; the old secret stops working.
    const again = await post('/totp/start');
    expect(again.json.secret).not.toBe(secret);
    const stale = await post('/totp/confirm', { code: appCode(t, secret) });
    expect(stale.status).toBe(400);
    expect(stale.json.detail).toBe('Wrong code.');
  });

  it('confirm refuses a wrong first code, then enables the app and returns 10 recovery codes once', async () => {
    await start();
    const enabled: string[] = [];
    t.rs.on('totp_enabled', ({ user }) => {
      enabled.push(user.email);
    });
    const notStarted = await post('/totp/confirm', { code: '123456' });
    expect(notStarted.status).toBe(400);
    expect(notStarted.json.detail).toBe(
      'No authenticator app enrolment in progress — start again.',
    );

    const status = async (): Promise<unknown> =>
      (await t.request('GET', `${API}/totp`, { token })).json;
    expect(await status()).toEqual({ enabled: false });
    const secret = String((await post('/totp/start')).json.secret);
    expect(await status()).toEqual({ enabled: false });
    const wrong = await post('/totp/confirm', { code: otherCode(appCode(t, secret)) });
    expect(wrong.status).toBe(400);
    expect(wrong.json.detail).toBe('Wrong code.');
    expect((await t.rs.storage.totpFactors.get(userId))?.confirmedAt).toBeNull();

    const ok = await post('/totp/confirm', { code: appCode(t, secret) });
    expect(ok.status).toBe(200);
    expect(ok.json.message).toBe('Authenticator app enabled.');
    const codes = ok.json.recovery_codes as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(RECOVERY_SHAPE);
    expect(enabled).toEqual([EMAIL]);
    expect(await status()).toEqual({ enabled: true });

    const rows = await rawRows(t, 'recovery_codes');
    if (rows !== null) {
      expect(rows).toContain(sha256Hex(normalizeRecoveryCode(codes[0] ?? '')));
      for (const code of codes) {
        expect(rows).not.toContain(code);
        expect(rows).not.toContain(normalizeRecoveryCode(code));
      }
    }

    const twice = await post('/totp/start');
    expect(twice.status).toBe(409);
    expect(twice.json.detail).toBe(
      'An authenticator app is already enabled. Disable it before enrolling another.',
    );
    const remaining = await t.request('GET', `${API}/recovery-codes`, { token });
    expect(remaining.json).toEqual({ remaining: 10 });
  });

  it('a confirm request checks its body', async () => {
    await start();
    await post('/totp/start');
    expect((await post('/totp/confirm', {})).status).toBe(422);
    expect((await post('/totp/confirm', { code: '1', extra: true })).status).toBe(422);
    expect((await post('/totp/confirm', { code: 123456 })).status).toBe(422);
    expect((await post('/totp/confirm', { code: 'abcdef' })).status).toBe(400);
  });

  it('signs in with an app code: no SMS, delivery totp, the methods listed, session method mfa_totp', async () => {
    await start();
    const { secret } = await enrol();
    const pending = await pendingSignIn();
    expect(pending.json).toMatchObject({
      delivery: 'totp',
      methods: ['totp', 'recovery_code'],
      expires_in: 600,
    });
    expect(t.smsOutbox).toHaveLength(0);
    const done = await confirmSignIn(pending, appCode(t, secret));
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ token_type: 'bearer' });
    const sessions = await t.request('GET', `${API}/sessions`, {
      token: String(done.json.access_token),
    });
    const methods = (sessions.json.sessions as Array<{ method: string; current: boolean }>)
      .filter((s) => s.current)
      .map((s) => s.method);
    expect(methods).toEqual(['mfa_totp']);

    // The pending token stays single use.
    const again = await confirmSignIn(pending, appCode(t, secret, 1));
    expect(again.status).toBe(400);
    expect(again.json.detail).toBe('MFA token is invalid or has expired.');
  });

  it('a code is accepted once per time step: the replay is refused, the next step works', async () => {
    await start();
    const { secret } = await enrol();
    const code = appCode(t, secret);
    expect((await confirmSignIn(await pendingSignIn(), code)).status).toBe(200);
    const replay = await confirmSignIn(await pendingSignIn(), code);
    expect(replay.status).toBe(400);
    expect(replay.json.detail).toMatch(/^Wrong code; \d+ attempts remaining\.$/);
    // So is the code of the enrolment's own step, which confirm spent.
    t.clock.advance(30);
    expect((await confirmSignIn(await pendingSignIn(), appCode(t, secret))).status).toBe(200);
  });

  it('ten concurrent confirms of one right code give one session', async () => {
    await start({ sms_code_max_attempts: 20 });
    const { secret } = await enrol();
    const pending = await pendingSignIn();
    const code = appCode(t, secret);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => confirmSignIn(pending, code)),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of results) expect([200, 400]).toContain(r.status);
  });

  it('accepts one step of drift either way and refuses two', async () => {
    await start();
    const { secret } = await enrol();
    t.clock.advance(300);
    expect((await confirmSignIn(await pendingSignIn(), appCode(t, secret, -2))).status).toBe(400);
    expect((await confirmSignIn(await pendingSignIn(), appCode(t, secret, 2))).status).toBe(400);
    expect((await confirmSignIn(await pendingSignIn(), appCode(t, secret, -1))).status).toBe(200);
    t.clock.advance(300);
    expect((await confirmSignIn(await pendingSignIn(), appCode(t, secret, 1))).status).toBe(200);
    // The step just accepted was the next one: the current step is now in the past.
    expect((await confirmSignIn(await pendingSignIn(), appCode(t, secret))).status).toBe(400);
  });

  it('caps wrong codes per pending token', async () => {
    await start({ sms_code_max_attempts: 2 });
    const { secret } = await enrol();
    const pending = await pendingSignIn();
    const wrong = otherCode(appCode(t, secret));
    const first = await confirmSignIn(pending, wrong);
    expect(first.status).toBe(400);
    expect(first.json.detail).toBe('Wrong code; 1 attempts remaining.');
    const second = await confirmSignIn(pending, wrong);
    expect(second.json.detail).toBe('Too many wrong attempts — start the login flow again.');
    const right = await confirmSignIn(pending, appCode(t, secret));
    expect(right.status).toBe(400);
    expect(right.json.detail).toBe('No pending sign-in code — start the login flow again.');
    // A fresh sign-in has a fresh budget, and the right code still works there.
    expect((await confirmSignIn(await pendingSignIn(), appCode(t, secret))).status).toBe(200);
  });

  it('a pending token superseded by a newer sign-in is refused', async () => {
    await start();
    const { secret } = await enrol();
    const older = await pendingSignIn();
    const newer = await pendingSignIn();
    const res = await confirmSignIn(older, appCode(t, secret));
    expect(res.status).toBe(400);
    expect(res.json.detail).toBe('No pending sign-in code — start the login flow again.');
    expect((await confirmSignIn(newer, appCode(t, secret))).status).toBe(200);
  });

  it('every wrong code counts toward the account lockout, which then refuses the right one', async () => {
    await start({
      rate_limit_disabled: false,
      login_lockout_threshold: 3,
      sms_code_max_attempts: 10,
    });
    const { secret } = await enrol();
    const pending = await pendingSignIn();
    const wrong = otherCode(appCode(t, secret));
    for (let i = 0; i < 3; i += 1) {
      expect((await confirmSignIn(pending, wrong)).status).toBe(400);
    }
    const recent = await t.rs.storage.attempts.countRecent(EMAIL, 900);
    expect(recent.count).toBe(3);
    const locked = await confirmSignIn(pending, appCode(t, secret));
    expect(locked.status).toBe(429);
    expect(locked.json).not.toHaveProperty('access_token');
  });

  it('signs in with a recovery code once; the hook reports the codes left', async () => {
    await start();
    const { recoveryCodes } = await enrol();
    const used: Array<{ email: string; remaining: number }> = [];
    t.rs.on('recovery_code_used', ({ user, remaining }) => {
      used.push({ email: user.email, remaining });
    });
    const code = recoveryCodes[3] ?? '';
    // Typed in lower case with spaces for dashes, it still works.
    const typed = code.toLowerCase().replaceAll('-', ' ');
    const done = await confirmSignIn(await pendingSignIn(), typed, 'recovery_code');
    expect(done.status).toBe(200);
    expect(used).toEqual([{ email: EMAIL, remaining: 9 }]);
    const sessions = await t.request('GET', `${API}/sessions`, {
      token: String(done.json.access_token),
    });
    expect(
      (sessions.json.sessions as Array<{ method: string; current: boolean }>).find((s) => s.current)
        ?.method,
    ).toBe('mfa_recovery_code');

    const reused = await confirmSignIn(await pendingSignIn(), code, 'recovery_code');
    expect(reused.status).toBe(400);
    expect(reused.json.detail).toMatch(/^Wrong code; \d+ attempts remaining\.$/);
    expect(used).toHaveLength(1);
    expect((await t.request('GET', `${API}/recovery-codes`, { token })).json).toEqual({
      remaining: 9,
    });
    // A code from the app in place of a recovery code is just wrong.
    const mixed = await confirmSignIn(await pendingSignIn(), '123456', 'recovery_code');
    expect(mixed.status).toBe(400);
  });

  it('regenerate needs the password and replaces every code', async () => {
    await start();
    const { recoveryCodes } = await enrol();
    const wrong = await post('/recovery-codes/regenerate', {
      current_password: 'not-the-password',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json.detail).toBe('Current password is incorrect.');
    const fresh = await post('/recovery-codes/regenerate', { current_password: PASSWORD });
    expect(fresh.status).toBe(200);
    const codes = fresh.json.recovery_codes as string[];
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(recoveryCodes).not.toContain(code);

    const old = await confirmSignIn(await pendingSignIn(), recoveryCodes[0] ?? '', 'recovery_code');
    expect(old.status).toBe(400);
    const current = await confirmSignIn(await pendingSignIn(), codes[0] ?? '', 'recovery_code');
    expect(current.status).toBe(200);
    expect((await t.request('GET', `${API}/recovery-codes`, { token })).json).toEqual({
      remaining: 9,
    });
  });

  it('regenerate without any second factor is refused', async () => {
    await start();
    const res = await post('/recovery-codes/regenerate', { current_password: PASSWORD });
    expect(res.status).toBe(400);
    expect(res.json.detail).toBe('Recovery codes need a second factor — enable one first.');
    expect((await t.request('GET', `${API}/recovery-codes`, { token })).json).toEqual({
      remaining: 0,
    });
  });

  it('disable with the password turns the app off and drops the recovery codes', async () => {
    await start();
    await enrol();
    const disabled: string[] = [];
    t.rs.on('totp_disabled', ({ user }) => {
      disabled.push(user.email);
    });
    const wrong = await post('/totp/disable', { current_password: 'not-the-password' });
    expect(wrong.status).toBe(400);
    expect(wrong.json.detail).toBe('Current password is incorrect.');
    const ok = await post('/totp/disable', { current_password: PASSWORD });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ message: 'Authenticator app disabled.' });
    expect(disabled).toEqual([EMAIL]);
    expect(await t.rs.storage.totpFactors.get(userId)).toBeNull();
    expect((await t.request('GET', `${API}/recovery-codes`, { token })).json).toEqual({
      remaining: 0,
    });
    const login = await t.login(EMAIL, PASSWORD);
    expect(login.json).toHaveProperty('access_token');
    const none = await post('/totp/disable', { current_password: PASSWORD });
    expect(none.status).toBe(400);
    expect(none.json.detail).toBe('No authenticator app is enabled.');
  });

  it('disable with a current code; a wrong or replayed code is refused', async () => {
    await start();
    const { secret } = await enrol();
    const wrong = await post('/totp/disable', { code: otherCode(appCode(t, secret)) });
    expect(wrong.status).toBe(400);
    expect(wrong.json.detail).toBe('Wrong code.');
    expect((await confirmSignIn(await pendingSignIn(), appCode(t, secret))).status).toBe(200);
    const replay = await post('/totp/disable', { code: appCode(t, secret) });
    expect(replay.status).toBe(400);
    t.clock.advance(30);
    const ok = await post('/totp/disable', { code: appCode(t, secret) });
    expect(ok.status).toBe(200);
    expect(await t.rs.storage.totpFactors.get(userId)).toBeNull();
  });

  it('disable takes exactly one of password and code', async () => {
    await start();
    await enrol();
    expect((await post('/totp/disable', {})).status).toBe(422);
    expect((await post('/totp/disable', { password: PASSWORD })).status).toBe(422);
    expect(
      (await post('/totp/disable', { current_password: PASSWORD, code: '123456' })).status,
    ).toBe(422);
    expect(await t.rs.storage.totpFactors.get(userId)).not.toBeNull();
  });

  it('deleting the account removes its app and recovery codes', async () => {
    await start();
    await enrol();
    const res = await t.request('DELETE', `${API}/account`, {
      token,
      json: { current_password: PASSWORD },
    });
    expect(res.status).toBe(200);
    expect(await t.rs.storage.totpFactors.get(userId)).toBeNull();
    expect(await t.rs.storage.recoveryCodes.exist(userId)).toBe(false);
  });

  it('the routes need a session', async () => {
    await start();
    for (const [method, path] of [
      ['GET', '/totp'],
      ['POST', '/totp/start'],
      ['POST', '/totp/confirm'],
      ['POST', '/totp/disable'],
      ['GET', '/recovery-codes'],
      ['POST', '/recovery-codes/regenerate'],
    ] as const) {
      const res = await t.request(method, `${API}${path}`, method === 'POST' ? { json: {} } : {});
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
    }
  });

  it('a user with SMS and an app is texted a code as before and may use either', async () => {
    await start({ enable_sms_2fa: true, sms: { from_number: '+15550000000' } });
    const { secret } = await enrol();
    await t.rs.storage.users.setPhoneAndMfa(userId, PHONE, true);
    const pending = await pendingSignIn();
    expect(pending.json).toMatchObject({
      delivery: 'sms',
      methods: ['sms', 'totp', 'recovery_code'],
    });
    expect(t.smsOutbox).toHaveLength(1);
    const done = await confirmSignIn(pending, appCode(t, secret), 'totp');
    expect(done.status).toBe(200);

    const viaSms = await pendingSignIn();
    const smsCode = /\b(\d{6})\b/.exec(t.smsOutbox.at(-1)?.body ?? '')?.[1] ?? '';
    expect((await confirmSignIn(viaSms, smsCode)).status).toBe(200);
  });

  it('an SMS enrolment that is the first second factor returns recovery codes; a later app does not', async () => {
    await start({ enable_sms_2fa: true, sms: { from_number: '+15550000000' } });
    const started = await post('/phone/start', {
      phone_number: PHONE,
      current_password: PASSWORD,
    });
    expect(started.status).toBe(202);
    const smsCode = /\b(\d{6})\b/.exec(t.smsOutbox.at(-1)?.body ?? '')?.[1] ?? '';
    const confirmed = await t.request('POST', `${API}/phone/confirm`, {
      json: { pending_token: started.json.pending_token, code: smsCode },
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.json).toMatchObject({ is_mfa_enabled: true, phone_number: PHONE });
    const codes = confirmed.json.recovery_codes as string[];
    expect(codes).toHaveLength(10);

    const secret = String((await post('/totp/start')).json.secret);
    const app = await post('/totp/confirm', { code: appCode(t, secret) });
    expect(app.status).toBe(200);
    expect(app.json).toEqual({ message: 'Authenticator app enabled.' });
    expect((await t.request('GET', `${API}/recovery-codes`, { token })).json).toEqual({
      remaining: 10,
    });

    // Removing the phone keeps the codes while the app remains; removing the app then drops them.
    const removed = await t.request('DELETE', `${API}/phone`, {
      token,
      json: { current_password: PASSWORD },
    });
    expect(removed.status).toBe(200);
    expect(await t.rs.storage.recoveryCodes.countRemaining(userId)).toBe(10);
    expect((await post('/totp/disable', { current_password: PASSWORD })).status).toBe(200);
    expect(await t.rs.storage.recoveryCodes.exist(userId)).toBe(false);
  });

  it('an SMS-only user gets the same answer plus methods, and no other method', async () => {
    await start({ enable_sms_2fa: true });
    await t.rs.storage.users.setPhoneAndMfa(userId, PHONE, true);
    const pending = await pendingSignIn();
    expect(pending.json).toEqual({
      status: 'mfa_required',
      mfa_pending_token: pending.json.mfa_pending_token,
      expires_in: 600,
      delivery: 'sms',
      methods: ['sms'],
    });
    for (const method of ['totp', 'recovery_code']) {
      const res = await confirmSignIn(pending, 'AAAA-BBBB', method);
      expect(res.status).toBe(400);
      expect(res.json.detail).toBe('That second factor is not set up for this account.');
    }
  });

  it('mfa-confirm checks method and code length', async () => {
    await start();
    const { secret } = await enrol();
    const pending = await pendingSignIn();
    expect((await confirmSignIn(pending, appCode(t, secret), 'email')).status).toBe(422);
    expect((await confirmSignIn(pending, 'A'.repeat(11), 'totp')).status).toBe(422);
    expect((await confirmSignIn(pending, 'A'.repeat(65), 'recovery_code')).status).toBe(422);
    expect((await confirmSignIn(pending, appCode(t, secret))).status).toBe(200);
  });

  it('the second factor holds with enable_totp off, sealed with the totp_secret key', async () => {
    const jwtSecret = 'x'.repeat(64);
    await start({ enable_totp: false, jwt_secret: jwtSecret });
    const secret = newTotpSecret();
    const key = deriveSecret(jwtSecret, 'totp_secret');
    await t.rs.storage.totpFactors.putUnconfirmed(userId, seal(key, secret));
    await t.rs.storage.totpFactors.confirm(userId, 0);
    const pending = await pendingSignIn();
    expect(pending.json).toMatchObject({ delivery: 'totp', methods: ['totp'] });
    expect((await confirmSignIn(pending, otherCode(appCode(t, secret)))).status).toBe(400);
    expect((await confirmSignIn(pending, appCode(t, secret))).status).toBe(200);
  });
});

describe.each(HTTP_BACKENDS)('enable_totp off on %s', (backend) => {
  it('the routes are not mounted', async () => {
    const t = await createTestRegstack({ backend });
    try {
      const { token } = await t.registerAndLogin();
      for (const [method, path] of [
        ['POST', '/totp/start'],
        ['POST', '/totp/confirm'],
        ['POST', '/totp/disable'],
        ['GET', '/recovery-codes'],
        ['POST', '/recovery-codes/regenerate'],
      ] as const) {
        const res = await t.request(method, `${API}${path}`, {
          token,
          ...(method === 'POST' ? { json: {} } : {}),
        });
        expect({ path, status: res.status }).toEqual({ path, status: 404 });
      }
    } finally {
      await t.close();
    }
  });
});

describe.each(HTTP_BACKENDS)('admin reset-mfa on %s', (backend) => {
  it('removes the app, the recovery codes and SMS two-factor; 404 for an unknown user', async () => {
    const t = await createTestRegstack({
      backend,
      config: { enable_totp: true, enable_admin_router: true, enable_sms_2fa: true },
    });
    try {
      await t.rs.bootstrapAdmin('admin@example.com', 'admin-password-1');
      const adminToken = String(
        (await t.login('admin@example.com', 'admin-password-1')).json.access_token,
      );
      const { token, user } = await t.registerAndLogin(EMAIL, PASSWORD);
      const secret = String((await t.request('POST', `${API}/totp/start`, { token })).json.secret);
      const code = TOTP.generate({
        secret: Secret.fromBase32(secret),
        timestamp: Math.floor(t.clock.now() / MICROS_PER_MILLI),
      });
      await t.request('POST', `${API}/totp/confirm`, { token, json: { code } });
      await t.rs.storage.users.setPhoneAndMfa(user._id, PHONE, true);
      const audited: string[] = [];
      t.rs.on('admin_mfa_reset', ({ user: reset }) => {
        audited.push(reset.email);
      });

      const userToken = await t.request('POST', `${API}/admin/users/${user._id}/reset-mfa`, {
        token,
      });
      expect(userToken.status).toBe(403);

      const res = await t.request('POST', `${API}/admin/users/${user._id}/reset-mfa`, {
        token: adminToken,
      });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ email: EMAIL, is_mfa_enabled: false, phone_number: null });
      expect(audited).toEqual([EMAIL]);
      expect(await t.rs.storage.totpFactors.get(user._id)).toBeNull();
      expect(await t.rs.storage.recoveryCodes.countRemaining(user._id)).toBe(0);
      expect((await t.login(EMAIL, PASSWORD)).json).toHaveProperty('access_token');

      const missing = await t.request(
        'POST',
        `${API}/admin/users/ffffffffffffffffffffffff/reset-mfa`,
        {
          token: adminToken,
        },
      );
      expect(missing.status).toBe(404);
      expect(missing.json.detail).toBe('User not found.');
    } finally {
      await t.close();
    }
  });
});
