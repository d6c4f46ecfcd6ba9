import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConfigOverrides } from '../../src/config/overrides.js';
import { deriveSecret } from '../../src/crypto/derive-secret.js';
import { randomToken } from '../../src/crypto/random.js';
import { createSnsTransport } from '../../src/delivery/sms/sns-transport.js';
import { createTwilioTransport } from '../../src/delivery/sms/twilio-transport.js';
import type { RegstackEvents } from '../../src/hooks/events.js';
import { encodeHeader } from '../../src/tokens/jwt-algorithms.js';
import { type FakeAws, startFakeAws, TEST_AWS_CREDENTIALS } from '../support/fake-aws.js';
import { type FakeTwilio, startFakeTwilio } from '../support/fake-twilio.js';
import {
  createTestRegstack,
  HTTP_BACKENDS,
  type TestBackend,
  type TestRegstack,
  type TestResponse,
} from '../support/test-regstack.js';

/* SMS two-factor setup and removal: spec §6.18–§6.20, §10.6, §15.6; Decisions 4, 14, 15, 18, 20. */

const PHONE = '+14155552671';
const FROM = '+15550000000';
const EMAIL = 'alice@example.com';
const PASSWORD = 'hunter2hunter2';
const NO_PASSWORD =
  'No password set on this account. Use forgot-password to set one before changing account details.';
const BAD_FORMAT = 'Phone number must be in E.164 format (e.g. +14155552671).';
const TOKEN_INVALID = 'Pending token is invalid or has expired.';
const SETUP_BODY = /^RegStack verification code: (\d{6})\. It expires in 5 minutes\.$/;

const BASE_CONFIG: ConfigOverrides = {
  enable_sms_2fa: true,
  sms_code_max_attempts: 3,
  sms: { from_number: FROM },
};

/** A phone_setup JWT signed by hand (HS256, spec §4.1–§4.2), so a claim can be left out. */
function signPhoneSetup(
  secret: string,
  claims: { sub: string; now: number; phone?: string | undefined },
): string {
  const iat = claims.now / 1_000_000;
  const payload = Buffer.from(
    JSON.stringify({
      sub: claims.sub,
      jti: randomToken(16),
      iat,
      exp: Math.floor(iat + 600),
      purpose: 'phone_setup',
      ...(claims.phone === undefined ? {} : { phone: claims.phone }),
    }),
  ).toString('base64url');
  const signingInput = `${encodeHeader('HS256')}.${payload}`;
  const signature = createHmac('sha256', deriveSecret(secret, 'phone_setup'))
    .update(signingInput)
    .digest('base64url');
  return `${signingInput}.${signature}`;
}

function wrongCodeFor(code: string): string {
  return code === '000000' ? '111111' : '000000';
}

describe.each(HTTP_BACKENDS)('SMS two-factor setup on %s', (backend: TestBackend) => {
  let t: TestRegstack;
  let token: string;
  let userId: string;

  async function open(config: ConfigOverrides = BASE_CONFIG): Promise<void> {
    t = await createTestRegstack({ backend, config });
    const session = await t.registerAndLogin(EMAIL, PASSWORD);
    token = session.token;
    userId = session.user._id;
  }

  async function reopen(config: ConfigOverrides): Promise<void> {
    await t.close();
    await open(config);
  }

  beforeEach(async () => {
    await open();
  });
  afterEach(async () => {
    await t.close();
  });

  function lastSmsCode(): string {
    const match = /\b(\d{6})\b/.exec(t.smsOutbox.at(-1)?.body ?? '');
    if (!match?.[1]) throw new Error('no code in the last SMS');
    return match[1];
  }

  function start(phone = PHONE, password = PASSWORD, bearer = token): Promise<TestResponse> {
    return t.request('POST', '/api/auth/phone/start', {
      token: bearer,
      json: { phone_number: phone, current_password: password },
    });
  }

  function confirm(pendingToken: string, code: string): Promise<TestResponse> {
    return t.request('POST', '/api/auth/phone/confirm', {
      json: { pending_token: pendingToken, code },
    });
  }

  function disable(password = PASSWORD, bearer = token): Promise<TestResponse> {
    return t.request('DELETE', '/api/auth/phone', {
      token: bearer,
      json: { current_password: password },
    });
  }

  /** Starts a setup and returns the pending token and the code that was texted. */
  async function started(phone = PHONE): Promise<{ pending: string; code: string }> {
    const res = await start(phone);
    expect(res.status).toBe(202);
    return { pending: String(res.json.pending_token), code: lastSmsCode() };
  }

  async function enableMfa(phone = PHONE): Promise<void> {
    const { pending, code } = await started(phone);
    const res = await confirm(pending, code);
    expect(res.status).toBe(200);
  }

  async function me(bearer = token): Promise<TestResponse> {
    return t.request('GET', '/api/auth/me', { token: bearer });
  }

  function record<E extends keyof RegstackEvents>(event: E): Array<RegstackEvents[E]> {
    const seen: Array<RegstackEvents[E]> = [];
    t.rs.on(event, (payload) => {
      seen.push(payload);
    });
    return seen;
  }

  describe('reference scenarios (§15.6)', () => {
    it('test_phone_routes_unmounted_when_2fa_disabled: 404 by default; mfa-confirm stays (Decision 4)', async () => {
      await reopen({ sms: { from_number: FROM } });
      const startRes = await start();
      expect(startRes.status).toBe(404);
      expect(startRes.json).toEqual({ detail: 'Not Found' });
      const confirmRes = await confirm('x', '123456');
      expect(confirmRes.status).toBe(404);
      expect(confirmRes.json).toEqual({ detail: 'Not Found' });
      const disableRes = await disable();
      expect(disableRes.status).toBe(404);
      expect(disableRes.json).toEqual({ detail: 'Not Found' });
      const mfaConfirm = await t.request('POST', '/api/auth/login/mfa-confirm', {
        json: { mfa_pending_token: 'not-a-token', code: '123456' },
      });
      expect(mfaConfirm.status).toBe(400);
      expect(mfaConfirm.json.detail).toBe('MFA token is invalid or has expired.');
    });

    it('test_phone_setup_round_trip_enables_mfa', async () => {
      const res = await start();
      expect(res.status).toBe(202);
      expect(Object.keys(res.json).sort()).toEqual(['expires_in', 'pending_token', 'status']);
      expect(res.json).toMatchObject({ status: 'code_sent', expires_in: 600 });
      expect(typeof res.json.pending_token).toBe('string');
      expect(t.smsOutbox).toHaveLength(1);
      expect(t.smsOutbox[0]?.to).toBe(PHONE);
      const code = lastSmsCode();
      expect(code).toMatch(/^\d{6}$/);
      const confirmed = await confirm(String(res.json.pending_token), code);
      expect(confirmed.status).toBe(200);
      expect(confirmed.json).toMatchObject({
        _id: userId,
        email: EMAIL,
        phone_number: PHONE,
        is_mfa_enabled: true,
      });
      expect(confirmed.json).not.toHaveProperty('hashed_password');
    });

    it('test_phone_start_rejects_bad_e164', async () => {
      const res = await start('415-555-2671');
      expect(res.status).toBe(400);
      expect(res.json.detail).toBe(BAD_FORMAT);
    });

    it('test_phone_start_rejects_wrong_password', async () => {
      const res = await start(PHONE, 'not-the-password');
      expect(res.status).toBe(400);
      expect(res.json.detail).toBe('Current password is incorrect.');
      expect(t.smsOutbox).toHaveLength(0);
      expect(await t.rs.storage.mfaCodes.find(userId, 'phone_setup')).toBeNull();
    });

    it('test_phone_disable_clears_state', async () => {
      await enableMfa();
      const res = await disable();
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ message: 'SMS 2FA disabled.' });
      const after = await me();
      expect(after.json).toMatchObject({ phone_number: null, is_mfa_enabled: false });
    });

    it('test_login_with_mfa_returns_pending_token', async () => {
      await enableMfa();
      const login = await t.login(EMAIL, PASSWORD);
      expect(login.status).toBe(200);
      expect(login.json).toMatchObject({ status: 'mfa_required', delivery: 'sms' });
      expect(login.json).not.toHaveProperty('access_token');
      expect(typeof login.json.mfa_pending_token).toBe('string');
      expect(t.smsOutbox).toHaveLength(2);
      expect(t.smsOutbox[1]?.to).toBe(PHONE);
      const confirmed = await t.request('POST', '/api/auth/login/mfa-confirm', {
        json: { mfa_pending_token: login.json.mfa_pending_token, code: lastSmsCode() },
      });
      expect(confirmed.status).toBe(200);
      const after = await me(String(confirmed.json.access_token));
      expect(after.status).toBe(200);
      expect(after.json).toMatchObject({ is_mfa_enabled: true, phone_number: PHONE });
    });

    it('test_mfa_wrong_code_then_lockout', async () => {
      await reopen({ ...BASE_CONFIG, sms_code_max_attempts: 2 });
      await enableMfa();
      const login = await t.login(EMAIL, PASSWORD);
      const pending = login.json.mfa_pending_token;
      const code = lastSmsCode();
      const first = await t.request('POST', '/api/auth/login/mfa-confirm', {
        json: { mfa_pending_token: pending, code: wrongCodeFor(code) },
      });
      expect(first.status).toBe(400);
      expect(first.json.detail).toBe('Wrong code; 1 attempts remaining.');
      const second = await t.request('POST', '/api/auth/login/mfa-confirm', {
        json: { mfa_pending_token: pending, code: wrongCodeFor(code) },
      });
      expect(second.status).toBe(400);
      expect(second.json.detail).toBe('Too many wrong attempts — start the login flow again.');
      const right = await t.request('POST', '/api/auth/login/mfa-confirm', {
        json: { mfa_pending_token: pending, code },
      });
      expect(right.status).toBe(400);
      expect(right.json.detail).toBe('No pending sign-in code — start the login flow again.');
    });

    it('test_mfa_pending_token_expires', async () => {
      await reopen({ ...BASE_CONFIG, mfa_pending_token_ttl_seconds: 120 });
      await enableMfa();
      const login = await t.login(EMAIL, PASSWORD);
      expect(login.json.expires_in).toBe(120);
      t.clock.advance(180);
      const res = await t.request('POST', '/api/auth/login/mfa-confirm', {
        json: { mfa_pending_token: login.json.mfa_pending_token, code: lastSmsCode() },
      });
      expect(res.status).toBe(400);
      expect(res.json.detail).toContain('invalid or has expired');
    });
  });

  describe('POST /phone/start', () => {
    it('texts the submitted number from sms.from_number and changes nothing on the user yet', async () => {
      const res = await start('+447911123456');
      expect(res.status).toBe(202);
      expect(t.smsOutbox).toEqual([
        { to: '+447911123456', fromNumber: FROM, body: expect.stringMatching(SETUP_BODY) },
      ]);
      const after = await me();
      expect(after.json).toMatchObject({ phone_number: null, is_mfa_enabled: false });
      const row = await t.rs.storage.mfaCodes.find(userId, 'phone_setup');
      expect(row).toMatchObject({ attempts: 0, maxAttempts: 3 });
      expect(row?.expiresAt).toBe(t.clock.now() + 300_000_000);
      // Stored hashed, never raw.
      expect(row?.codeHash).toMatch(/^[0-9a-f]{64}$/);
      expect(row?.codeHash).not.toContain(lastSmsCode());
    });

    it('fires phone_setup_started with the public user, the phone and the texted code', async () => {
      const seen = record('phone_setup_started');
      await start();
      expect(seen).toHaveLength(1);
      expect(seen[0]).toEqual({
        user: expect.objectContaining({ _id: userId, email: EMAIL, is_mfa_enabled: false }),
        phone: PHONE,
        code: lastSmsCode(),
      });
      expect(seen[0]?.user).not.toHaveProperty('hashed_password');
      expect(seen[0]?.user).not.toHaveProperty('hashedPassword');
    });

    it.each([['+14155552671'], ['+447911123456'], ['+123'], ['+123456789012345']])(
      'accepts the E.164 number %s',
      async (phone) => {
        const res = await start(phone);
        expect(res.status).toBe(202);
        expect(t.smsOutbox.at(-1)?.to).toBe(phone);
      },
    );

    it.each([
      ['14155552671'],
      ['+0123456789'],
      ['+abc'],
      ['+1234567890123456'],
      ['415-555-2671'],
      ['+1 415 555 2671'],
      ['+14155552671\n'],
      ['+١٤١٥٥٥٥٢٦٧١'],
      ['+１４１５５５５２６７１'],
    ])('refuses %j with the E.164 400, before the password is checked', async (phone) => {
      const res = await start(phone, 'not-the-password');
      expect(res.status).toBe(400);
      expect(res.json.detail).toBe(BAD_FORMAT);
      expect(t.smsOutbox).toHaveLength(0);
      expect(await t.rs.storage.mfaCodes.find(userId, 'phone_setup')).toBeNull();
    });

    it.each([
      ['+', 'string_too_short'],
      ['+12', 'string_too_short'],
      ['+123456789012345678901', 'string_too_long'],
    ])('refuses %j by schema length with a 422', async (phone, type) => {
      const res = await start(phone);
      expect(res.status).toBe(422);
      expect(res.json.detail).toEqual([
        expect.objectContaining({ type, loc: ['body', 'phone_number'] }),
      ]);
    });

    it('validates the body: missing fields, extra fields, wrong types', async () => {
      const missing = await t.request('POST', '/api/auth/phone/start', {
        token,
        json: { phone_number: PHONE },
      });
      expect(missing.status).toBe(422);
      expect(missing.json.detail).toEqual([
        expect.objectContaining({ type: 'missing', loc: ['body', 'current_password'] }),
      ]);
      const extra = await t.request('POST', '/api/auth/phone/start', {
        token,
        json: { phone_number: PHONE, current_password: PASSWORD, is_mfa_enabled: true },
      });
      expect(extra.status).toBe(422);
      expect(extra.json.detail).toEqual([
        expect.objectContaining({ type: 'extra_forbidden', loc: ['body', 'is_mfa_enabled'] }),
      ]);
      const wrongType = await t.request('POST', '/api/auth/phone/start', {
        token,
        json: { phone_number: 14155552671, current_password: PASSWORD },
      });
      expect(wrongType.status).toBe(422);
      const noBody = await t.request('POST', '/api/auth/phone/start', { token });
      expect(noBody.status).toBe(422);
      expect(t.smsOutbox).toHaveLength(0);
    });

    it('authentication comes before validation', async () => {
      const res = await t.request('POST', '/api/auth/phone/start', { json: { phone_number: '+' } });
      expect(res.status).toBe(401);
      expect(res.json.detail).toBe('Authentication required.');
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    });

    it('a passwordless account gets the no-password 400 (Decision 14)', async () => {
      const oauthUser = await t.rs.storage.users.create({
        email: 'oauth@example.com',
        hashedPassword: null,
        isVerified: true,
      });
      const session = t.rs.tokens.issue({ purpose: 'session', subject: oauthUser.id });
      const res = await start(PHONE, 'anything', session.token);
      expect(res.status).toBe(400);
      expect(res.json.detail).toBe(NO_PASSWORD);
      expect(t.smsOutbox).toHaveLength(0);
      // The format check still comes first.
      const badFormat = await start('415-555-2671', 'anything', session.token);
      expect(badFormat.status).toBe(400);
      expect(badFormat.json.detail).toBe(BAD_FORMAT);
    });

    it('a second start replaces the outstanding code', async () => {
      const first = await started();
      const second = await started();
      expect(second.code).toMatch(/^\d{6}$/);
      if (first.code !== second.code) {
        const stale = await confirm(second.pending, first.code);
        expect(stale.status).toBe(400);
        expect(stale.json.detail).toBe('Wrong code; 2 attempts remaining.');
      }
      const fresh = await confirm(second.pending, second.code);
      expect(fresh.status).toBe(200);
    });

    it('a code proves only its own request: another number’s code cannot confirm the first', async () => {
      const first = await started(PHONE);
      const other = await started('+14155550000');
      const crossed = await confirm(first.pending, other.code);
      expect(crossed.status).toBe(400);
      expect(crossed.json.detail).toBe('Wrong code; 2 attempts remaining.');
      const user = await t.rs.storage.users.getByEmail('alice@example.com');
      expect(user?.phoneNumber).toBeNull();
      expect((await confirm(other.pending, other.code)).status).toBe(200);
      expect((await t.rs.storage.users.getByEmail('alice@example.com'))?.phoneNumber).toBe(
        '+14155550000',
      );
    });
  });

  describe('POST /phone/confirm', () => {
    it('sets the phone from the token, fires mfa_enabled with the updated public user', async () => {
      const seen = record('mfa_enabled');
      const { pending, code } = await started('+447911123456');
      const res = await confirm(pending, code);
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ phone_number: '+447911123456', is_mfa_enabled: true });
      expect(seen).toEqual([
        {
          user: expect.objectContaining({
            _id: userId,
            phone_number: '+447911123456',
            is_mfa_enabled: true,
          }),
        },
      ]);
      expect(seen[0]?.user).not.toHaveProperty('hashed_password');
      expect(await t.rs.storage.mfaCodes.find(userId, 'phone_setup')).toBeNull();
    });

    it('a setup started before a password change is refused afterwards, its code right', async () => {
      const { pending, code } = await started('+447911123456');
      const changed = await t.request('POST', '/api/auth/change-password', {
        token,
        json: { current_password: PASSWORD, new_password: 'a-new-password' },
      });
      expect(changed.status).toBe(200);
      const res = await confirm(pending, code);
      expect(res.status).toBe(400);
      expect(res.json.detail).toBe('Pending token is invalid or has expired.');
      expect((await t.rs.storage.users.getById(userId))?.phoneNumber).toBeNull();
    });

    it('needs no bearer token, and ignores one that is present', async () => {
      const { pending, code } = await started();
      const res = await t.request('POST', '/api/auth/phone/confirm', {
        token: 'garbage',
        json: { pending_token: pending, code },
      });
      expect(res.status).toBe(200);
    });

    it('counts wrong codes down, then locks, then reports no pending code', async () => {
      const { pending, code } = await started();
      const wrong = wrongCodeFor(code);
      const one = await confirm(pending, wrong);
      expect(one.status).toBe(400);
      expect(one.json.detail).toBe('Wrong code; 2 attempts remaining.');
      const two = await confirm(pending, wrong);
      expect(two.json.detail).toBe('Wrong code; 1 attempts remaining.');
      const three = await confirm(pending, wrong);
      expect(three.status).toBe(400);
      expect(three.json.detail).toBe('Too many wrong attempts — request a new code.');
      const right = await confirm(pending, code);
      expect(right.status).toBe(400);
      expect(right.json.detail).toBe('No pending verification code — request a new one.');
      expect((await me()).json).toMatchObject({ phone_number: null, is_mfa_enabled: false });
    });

    it('a wrong code does not spend the pending token (Decision 18)', async () => {
      const { pending, code } = await started();
      const wrong = await confirm(pending, wrongCodeFor(code));
      expect(wrong.status).toBe(400);
      const right = await confirm(pending, code);
      expect(right.status).toBe(200);
    });

    it('codes of the right length with non-digits are just wrong; bad lengths are 422', async () => {
      const { pending, code } = await started();
      const letters = await confirm(pending, '12ab56');
      expect(letters.status).toBe(400);
      expect(letters.json.detail).toBe('Wrong code; 2 attempts remaining.');
      const short = await confirm(pending, '123');
      expect(short.status).toBe(422);
      expect(short.json.detail).toEqual([
        expect.objectContaining({ type: 'string_too_short', loc: ['body', 'code'] }),
      ]);
      const long = await confirm(pending, '12345678901');
      expect(long.status).toBe(422);
      expect(long.json.detail).toEqual([
        expect.objectContaining({ type: 'string_too_long', loc: ['body', 'code'] }),
      ]);
      const numeric = await t.request('POST', '/api/auth/phone/confirm', {
        json: { pending_token: pending, code: Number(code) },
      });
      expect(numeric.status).toBe(422);
      // The 422s did not cost an attempt.
      expect((await t.rs.storage.mfaCodes.find(userId, 'phone_setup'))?.attempts).toBe(1);
      expect((await confirm(pending, code)).status).toBe(200);
    });

    it('an expired code says so, once; then there is no pending code', async () => {
      const { pending, code } = await started();
      t.clock.advance(300);
      const expired = await confirm(pending, code);
      expect(expired.status).toBe(400);
      expect(expired.json.detail).toBe('Verification code has expired. Request a new one.');
      const again = await confirm(pending, code);
      expect(again.json.detail).toBe('No pending verification code — request a new one.');
    });

    it('an expired pending token is invalid', async () => {
      const { pending, code } = await started();
      t.clock.advance(600);
      const res = await confirm(pending, code);
      expect(res.status).toBe(400);
      expect(res.json.detail).toBe(TOKEN_INVALID);
    });

    it('a replayed pending token and a replayed code both fail (Decision 18)', async () => {
      const first = await started();
      expect((await confirm(first.pending, first.code)).status).toBe(200);
      const replay = await confirm(first.pending, first.code);
      expect(replay.status).toBe(400);
      expect(replay.json.detail).toBe(TOKEN_INVALID);

      // A new setup: the old code is neither the new code nor usable with the new token.
      const second = await started('+447911123456');
      if (second.code !== first.code) {
        const oldCode = await confirm(second.pending, first.code);
        expect(oldCode.status).toBe(400);
        expect(oldCode.json.detail).toBe('Wrong code; 2 attempts remaining.');
      }
      // The redeemed token still fails even with the fresh code.
      const oldToken = await confirm(first.pending, second.code);
      expect(oldToken.status).toBe(400);
      expect(oldToken.json.detail).toBe(TOKEN_INVALID);
      expect((await confirm(second.pending, second.code)).json).toMatchObject({
        phone_number: '+447911123456',
      });
    });

    it('of two concurrent confirms exactly one succeeds', async () => {
      const { pending, code } = await started();
      const results = await Promise.all([confirm(pending, code), confirm(pending, code)]);
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 400]);
      const loser = results.find((r) => r.status === 400);
      expect([TOKEN_INVALID, 'No pending verification code — request a new one.']).toContain(
        loser?.json.detail,
      );
    });

    it('refuses tokens of other purposes and garbage with the pending-token 400', async () => {
      await started();
      const code = lastSmsCode();
      const session = t.rs.tokens.issue({ purpose: 'session', subject: userId }).token;
      const loginMfa = t.rs.tokens.issue({ purpose: 'login_mfa', subject: userId }).token;
      const emailChange = t.rs.tokens.issue({
        purpose: 'email_change',
        subject: userId,
        extra: { new_email: 'new@example.com' },
      }).token;
      const reset = t.rs.tokens.issue({ purpose: 'password_reset', subject: userId }).token;
      for (const bad of [token, session, loginMfa, emailChange, reset, 'garbage', 'a.b.c']) {
        const res = await confirm(bad, code);
        expect(res.status).toBe(400);
        expect(res.json.detail).toBe(TOKEN_INVALID);
      }
      // None of those touched the code.
      expect((await t.rs.storage.mfaCodes.find(userId, 'phone_setup'))?.attempts).toBe(0);
    });

    it('a correctly signed phone_setup token without the phone claim is invalid', async () => {
      const { code } = await started();
      const secret = t.rs.config.jwt_secret.reveal();
      const phoneless = signPhoneSetup(secret, { sub: userId, now: t.clock.now() });
      const res = await confirm(phoneless, code);
      expect(res.status).toBe(400);
      expect(res.json.detail).toBe(TOKEN_INVALID);
      expect((await t.rs.storage.mfaCodes.find(userId, 'phone_setup'))?.attempts).toBe(0);
      // Control: a hand-signed token with the claim passes the token checks and reaches the
      // code check, where it fails: the code was sent for another token and another number.
      const withPhone = signPhoneSetup(secret, {
        sub: userId,
        now: t.clock.now(),
        phone: '+447911123456',
      });
      const forged = await confirm(withPhone, code);
      expect(forged.status).toBe(400);
      expect(forged.json.detail).toBe('Wrong code; 2 attempts remaining.');
      expect((await t.rs.storage.users.getById(userId))?.phoneNumber).toBeNull();
    });

    it('a deactivated or deleted account does not match the token', async () => {
      const { pending, code } = await started();
      await t.rs.storage.users.setActive(userId, false);
      const inactive = await confirm(pending, code);
      expect(inactive.status).toBe(400);
      expect(inactive.json.detail).toBe('Token does not match an active account.');

      await t.rs.storage.users.setActive(userId, true);
      const again = await started();
      await t.rs.storage.users.delete(userId);
      const gone = await confirm(again.pending, again.code);
      expect(gone.status).toBe(400);
      expect(gone.json.detail).toBe('Token does not match an active account.');
    });
  });

  describe('DELETE /phone', () => {
    it('turns MFA off, drops every code of the user and fires mfa_disabled', async () => {
      const seen = record('mfa_disabled');
      await enableMfa();
      // Outstanding codes of both kinds.
      const login = await t.login(EMAIL, PASSWORD);
      const loginCode = lastSmsCode();
      await started('+447911123456');
      expect(await t.rs.storage.mfaCodes.find(userId, 'login_mfa')).not.toBeNull();
      expect(await t.rs.storage.mfaCodes.find(userId, 'phone_setup')).not.toBeNull();

      const res = await disable();
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ message: 'SMS 2FA disabled.' });
      expect(await t.rs.storage.mfaCodes.find(userId, 'login_mfa')).toBeNull();
      expect(await t.rs.storage.mfaCodes.find(userId, 'phone_setup')).toBeNull();
      expect(seen).toEqual([
        {
          user: expect.objectContaining({
            _id: userId,
            phone_number: null,
            is_mfa_enabled: false,
          }),
        },
      ]);
      expect(seen[0]?.user).not.toHaveProperty('hashed_password');

      // The code texted before the removal can no longer finish that sign-in.
      const stale = await t.request('POST', '/api/auth/login/mfa-confirm', {
        json: { mfa_pending_token: login.json.mfa_pending_token, code: loginCode },
      });
      expect(stale.status).toBe(400);
      expect(stale.json.detail).toBe('No pending sign-in code — start the login flow again.');

      // And the next login no longer asks for a code.
      const smsBefore = t.smsOutbox.length;
      const next = await t.login(EMAIL, PASSWORD);
      expect(next.status).toBe(200);
      expect(next.json).toMatchObject({ token_type: 'bearer' });
      expect(next.json).not.toHaveProperty('mfa_pending_token');
      expect(t.smsOutbox).toHaveLength(smsBefore);
    });

    it('a wrong password is refused and changes nothing', async () => {
      await enableMfa();
      const res = await disable('not-the-password');
      expect(res.status).toBe(400);
      expect(res.json.detail).toBe('Current password is incorrect.');
      expect((await me()).json).toMatchObject({ phone_number: PHONE, is_mfa_enabled: true });
    });

    it('a passwordless account gets the no-password 400 (Decision 14)', async () => {
      const oauthUser = await t.rs.storage.users.create({
        email: 'oauth@example.com',
        hashedPassword: null,
        isVerified: true,
      });
      await t.rs.storage.users.setPhoneAndMfa(oauthUser.id, PHONE, true);
      const session = t.rs.tokens.issue({ purpose: 'session', subject: oauthUser.id });
      const res = await disable('anything', session.token);
      expect(res.status).toBe(400);
      expect(res.json.detail).toBe(NO_PASSWORD);
      expect(await t.rs.storage.users.getById(oauthUser.id)).toMatchObject({
        phoneNumber: PHONE,
        isMfaEnabled: true,
      });
    });

    it('needs a session before the body, and a body', async () => {
      const anonymous = await t.request('DELETE', '/api/auth/phone', { json: {} });
      expect(anonymous.status).toBe(401);
      expect(anonymous.json.detail).toBe('Authentication required.');
      const noBody = await t.request('DELETE', '/api/auth/phone', { token });
      expect(noBody.status).toBe(422);
      const empty = await t.request('DELETE', '/api/auth/phone', { token, json: {} });
      expect(empty.status).toBe(422);
      expect(empty.json.detail).toEqual([
        expect.objectContaining({ type: 'missing', loc: ['body', 'current_password'] }),
      ]);
    });
  });

  describe('the whole journey', () => {
    it('setup → login asks for a code → mfa-confirm → session; disable → plain login', async () => {
      await enableMfa();
      const login = await t.login(EMAIL, PASSWORD);
      expect(login.json.status).toBe('mfa_required');
      expect(t.smsOutbox.at(-1)?.body).toMatch(/^RegStack sign-in code: \d{6}\./);
      const session = await t.request('POST', '/api/auth/login/mfa-confirm', {
        json: { mfa_pending_token: login.json.mfa_pending_token, code: lastSmsCode() },
      });
      expect(session.status).toBe(200);
      const fresh = String(session.json.access_token);
      expect((await me(fresh)).json).toMatchObject({ phone_number: PHONE, is_mfa_enabled: true });

      expect((await disable(PASSWORD, fresh)).status).toBe(200);
      const plain = await t.login(EMAIL, PASSWORD);
      expect(plain.status).toBe(200);
      expect((await me(String(plain.json.access_token))).json).toMatchObject({
        phone_number: null,
        is_mfa_enabled: false,
      });
    });

    it('lists the phone routes in the OpenAPI document only when mounted', async () => {
      const doc = await t.request('GET', '/api/auth/openapi.json');
      const paths = Object.keys(doc.json.paths as Record<string, unknown>);
      expect(paths).toEqual(expect.arrayContaining(['/phone/start', '/phone/confirm', '/phone']));
      await reopen({});
      const off = await t.request('GET', '/api/auth/openapi.json');
      const offPaths = Object.keys(off.json.paths as Record<string, unknown>);
      expect(offPaths.filter((p) => p.startsWith('/phone'))).toEqual([]);
      expect(offPaths).toContain('/login/mfa-confirm');
    });
  });

  describe('delivery through real transports against local fakes', () => {
    let aws: FakeAws | undefined;
    let twilio: FakeTwilio | undefined;
    afterEach(async () => {
      await aws?.close();
      await twilio?.close();
      aws = undefined;
      twilio = undefined;
    });

    it('SNS: a signed Publish carries the code to the submitted number, and it confirms', async () => {
      aws = await startFakeAws();
      t.rs.setSmsBackend(
        createSnsTransport({
          region: 'eu-west-1',
          credentials: TEST_AWS_CREDENTIALS,
          endpoint: `${aws.url}/`,
        }),
      );
      const codes = record('phone_setup_started');
      const failures = record('delivery_failed');
      const res = await start('+447911123456');
      expect(res.status).toBe(202);
      expect(failures).toEqual([]);
      expect(aws.requests).toHaveLength(1);
      const [publish] = aws.requests;
      expect(publish?.signatureProblem).toBeNull();
      expect(publish?.scope).toMatchObject({ region: 'eu-west-1', service: 'sns' });
      const form = new URLSearchParams(publish?.body);
      expect(form.get('Action')).toBe('Publish');
      expect(form.get('PhoneNumber')).toBe('+447911123456');
      expect(form.get('MessageAttributes.entry.1.Value.StringValue')).toBe(FROM);
      const code = SETUP_BODY.exec(form.get('Message') ?? '')?.[1];
      expect(code).toBe(codes[0]?.code);
      const confirmed = await confirm(String(res.json.pending_token), code ?? '');
      expect(confirmed.status).toBe(200);
      expect(confirmed.json).toMatchObject({ phone_number: '+447911123456' });
    });

    it('Twilio: the form POST carries To, From and the code, and it confirms', async () => {
      twilio = await startFakeTwilio('ACtest0000', 'twilio-auth-token');
      t.rs.setSmsBackend(
        createTwilioTransport({
          accountSid: 'ACtest0000',
          authToken: 'twilio-auth-token',
          fromNumber: '+15559999999',
          baseUrl: twilio.url,
        }),
      );
      const failures = record('delivery_failed');
      const res = await start();
      expect(res.status).toBe(202);
      expect(failures).toEqual([]);
      expect(twilio.requests).toHaveLength(1);
      const [post] = twilio.requests;
      expect(post?.basicAuth).toBe('ACtest0000:twilio-auth-token');
      expect(post?.form.get('To')).toBe(PHONE);
      // The configured sms.from_number wins over the transport's fallback sender.
      expect(post?.form.get('From')).toBe(FROM);
      const code = SETUP_BODY.exec(post?.form.get('Body') ?? '')?.[1];
      expect(code).toMatch(/^\d{6}$/);
      const confirmed = await confirm(String(res.json.pending_token), code ?? '');
      expect(confirmed.status).toBe(200);
    });

    it('a provider answering 500 still gives 202 and fires delivery_failed without the code (Decision 15)', async () => {
      aws = await startFakeAws();
      aws.queuedReplies.push({
        status: 500,
        body: '<ErrorResponse><Error><Code>InternalFailure</Code></Error></ErrorResponse>',
      });
      t.rs.setSmsBackend(
        createSnsTransport({
          region: 'us-east-1',
          credentials: TEST_AWS_CREDENTIALS,
          endpoint: aws.url,
        }),
      );
      const codes = record('phone_setup_started');
      const failures = record('delivery_failed');
      const res = await start();
      expect(res.status).toBe(202);
      expect(res.json).toMatchObject({ status: 'code_sent', expires_in: 600 });
      const code = codes[0]?.code ?? '';
      expect(code).toMatch(/^\d{6}$/);
      expect(failures).toEqual([
        {
          channel: 'sms',
          kind: 'phone_setup',
          to: PHONE,
          error: 'SNS Publish request failed with status 500 (InternalFailure)',
        },
      ]);
      expect(JSON.stringify(failures)).not.toContain(code);
      expect(JSON.stringify(t.logs)).not.toContain(code);
      // The code row was written before the send: a host that delivers the code itself works.
      expect((await confirm(String(res.json.pending_token), code)).status).toBe(200);
    });

    it('Twilio refusing the credentials is a delivery failure, not an error response', async () => {
      twilio = await startFakeTwilio('ACtest0000', 'right-token');
      t.rs.setSmsBackend(
        createTwilioTransport({
          accountSid: 'ACtest0000',
          authToken: 'wrong-token',
          fromNumber: FROM,
          baseUrl: twilio.url,
        }),
      );
      const failures = record('delivery_failed');
      const res = await start();
      expect(res.status).toBe(202);
      expect(failures).toEqual([
        {
          channel: 'sms',
          kind: 'phone_setup',
          to: PHONE,
          error: 'Twilio Messages request failed with status 401 (20003)',
        },
      ]);
    });
  });
});
