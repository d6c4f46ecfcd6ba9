import { Secret, TOTP } from 'otpauth';
import { afterEach, describe, expect, it } from 'vitest';
import { AUDIT_EVENT_TYPES, type AuditEventType } from '../../src/audit/event-types.js';
import type { ConfigOverrides } from '../../src/config/overrides.js';
import type { AuditEventRecord } from '../../src/model/records.js';
import { MICROS_PER_MILLI } from '../../src/ports/clock.js';
import {
  createTestRegstack,
  type TestRegstack,
  type TestResponse,
} from '../support/test-regstack.js';

/*
 * The audit log (issue 16): one row per flow, each driven through the real handler, each
 * asserting the exact event it must leave (type, outcome, actor, user, client address,
 * user agent, details). Every secret the run handled (passwords, tokens, codes, seeds) is
 * collected and no event may contain any of them.
 */

const API = '/api/auth';
const EMAIL = 'alice@example.com';
const PASSWORD = 'hunter2hunter2';
const NEW_PASSWORD = 'correct-horse-battery';
const ADMIN_EMAIL = 'admin@example.com';
const ADMIN_PASSWORD = 'admin-password-1';
const PHONE = '+14155552671';
const CLIENT_IP = '198.51.100.23';
const USER_AGENT = 'AuditTest/1.0 (table)';

/** Event types no row below produces, and why. */
const NOT_DRIVEN_HERE: Readonly<Partial<Record<AuditEventType, string>>> = {
  'passkey.added': 'needs the software authenticator: asserted in test/http/passkeys.test.ts',
  'passkey.removed': 'needs the software authenticator: asserted in test/http/passkeys.test.ts',
  'oauth.linked': 'needs a provider round trip in a browser: test/http/oauth-*.test.ts',
  'oauth.unlinked': 'needs a linked identity from a provider round trip',
  'oauth.signed_in': 'needs a provider round trip in a browser',
  'admin.user_created': 'the CLI bootstrap; asserted in its own test below',
};

interface Run {
  readonly t: TestRegstack;
  /** Every secret the run sent or received; none may appear in an event. */
  readonly secrets: string[];
  /** A request from the test client (fixed address and user agent), secrets collected. */
  call(method: string, path: string, json?: unknown, token?: string): Promise<TestResponse>;
  /** Registers and signs in alice; returns her id and session token. */
  alice(): Promise<{ id: string; token: string }>;
  /** Bootstraps and signs in the administrator. */
  admin(): Promise<{ id: string; token: string }>;
  appCode(secret: string): string;
  lastSmsCode(): string;
}

interface Expected {
  readonly type: AuditEventType;
  readonly outcome?: 'success' | 'failure';
  /** 'alice', 'admin' or null. */
  readonly user: 'alice' | 'admin' | null;
  /** @default user */
  readonly actor?: 'alice' | 'admin' | null;
  readonly details?: Record<string, unknown>;
}

interface Row {
  readonly name: string;
  readonly config?: ConfigOverrides;
  /** Drives the flow; returns the ids of alice and the admin as the run created them. */
  drive(run: Run): Promise<{ alice?: string; admin?: string }>;
  readonly expect: Expected;
}

const SECRET_KEYS = /password|token|code|secret/i;

function collectSecrets(value: unknown, into: string[]): void {
  if (value === null || typeof value !== 'object') return;
  for (const [key, inner] of Object.entries(value)) {
    if (typeof inner === 'string' && SECRET_KEYS.test(key) && inner.length >= 4) into.push(inner);
    else if (Array.isArray(inner) && SECRET_KEYS.test(key)) {
      for (const item of inner) if (typeof item === 'string') into.push(item);
    } else collectSecrets(inner, into);
  }
}

async function openRun(config: ConfigOverrides, backend: 'sqlite' | 'postgres'): Promise<Run> {
  const t = await createTestRegstack({
    backend,
    config: {
      behind_proxy: true,
      enable_admin_router: true,
      enable_sms_2fa: true,
      enable_totp: true,
      enable_account_deletion: true,
      ...config,
    },
  });
  const secrets: string[] = [PASSWORD, NEW_PASSWORD, ADMIN_PASSWORD];
  const call: Run['call'] = async (method, path, json, token) => {
    collectSecrets(json, secrets);
    const res = await t.request(method, `${API}${path}`, {
      ...(json === undefined ? {} : { json }),
      ...(token === undefined ? {} : { token }),
      headers: { 'x-forwarded-for': CLIENT_IP, 'user-agent': USER_AGENT },
    });
    collectSecrets(res.json, secrets);
    return res;
  };
  const signIn = async (email: string, password: string) => {
    const res = await call('POST', '/login', { email, password });
    expect(res.status, res.text).toBe(200);
    return String(res.json.access_token);
  };
  return {
    t,
    secrets,
    call,
    async alice() {
      const res = await call('POST', '/register', { email: EMAIL, password: PASSWORD });
      expect(res.status, res.text).toBe(201);
      // A second apart, so listings order the two events by time rather than by id.
      t.clock.advance(1);
      return { id: String(res.json._id), token: await signIn(EMAIL, PASSWORD) };
    },
    async admin() {
      const { user } = await t.rs.bootstrapAdmin(ADMIN_EMAIL, ADMIN_PASSWORD);
      t.clock.advance(1);
      return { id: user._id, token: await signIn(ADMIN_EMAIL, ADMIN_PASSWORD) };
    },
    appCode(secret) {
      secrets.push(secret);
      const code = TOTP.generate({
        secret: Secret.fromBase32(secret),
        timestamp: Math.floor(t.clock.now() / MICROS_PER_MILLI),
      });
      secrets.push(code);
      return code;
    },
    lastSmsCode() {
      const code = /\b(\d{6})\b/.exec(t.smsOutbox.at(-1)?.body ?? '')?.[1];
      if (code === undefined) throw new Error('no code in the last SMS');
      secrets.push(code);
      return code;
    },
  };
}

/** Alice with SMS two-factor on. */
async function aliceWithPhone(run: Run): Promise<{ id: string; token: string }> {
  const alice = await run.alice();
  const started = await run.call(
    'POST',
    '/phone/start',
    { phone_number: PHONE, current_password: PASSWORD },
    alice.token,
  );
  expect(started.status, started.text).toBe(202);
  const confirmed = await run.call(
    'POST',
    '/phone/confirm',
    { pending_token: started.json.pending_token, code: run.lastSmsCode() },
    alice.token,
  );
  expect(confirmed.status, confirmed.text).toBe(200);
  return alice;
}

/** Alice with a confirmed authenticator app; returns its seed and recovery codes. */
async function aliceWithApp(
  run: Run,
): Promise<{ id: string; token: string; secret: string; recoveryCodes: string[] }> {
  const alice = await run.alice();
  const started = await run.call('POST', '/totp/start', undefined, alice.token);
  expect(started.status, started.text).toBe(200);
  const secret = String(started.json.secret);
  const confirmed = await run.call(
    'POST',
    '/totp/confirm',
    { code: run.appCode(secret) },
    alice.token,
  );
  expect(confirmed.status, confirmed.text).toBe(200);
  run.t.clock.advance(30);
  return { ...alice, secret, recoveryCodes: (confirmed.json.recovery_codes ?? []) as string[] };
}

async function pendingSignIn(run: Run): Promise<TestResponse> {
  const res = await run.call('POST', '/login', { email: EMAIL, password: PASSWORD });
  expect(res.status, res.text).toBe(200);
  expect(res.json.status).toBe('mfa_required');
  return res;
}

const ROWS: readonly Row[] = [
  {
    name: 'register without verification',
    async drive(run) {
      const res = await run.call('POST', '/register', { email: EMAIL, password: PASSWORD });
      expect(res.status).toBe(201);
      return { alice: String(res.json._id) };
    },
    expect: { type: 'user.registered', user: 'alice', details: { via: 'register' } },
  },
  {
    name: 'verify a registration',
    config: { require_verification: true },
    async drive(run) {
      const res = await run.call('POST', '/register', { email: EMAIL, password: PASSWORD });
      expect(res.status).toBe(201);
      const token = run.t.lastEmailToken();
      run.secrets.push(token);
      const verified = await run.call('POST', '/verify', { token });
      expect(verified.status, verified.text).toBe(200);
      return { alice: String(verified.json._id) };
    },
    expect: { type: 'email.verified', user: 'alice' },
  },
  {
    name: 'password sign-in',
    async drive(run) {
      return { alice: (await run.alice()).id };
    },
    expect: { type: 'login.succeeded', user: 'alice', details: { method: 'password' } },
  },
  {
    name: 'sign-in with a wrong password',
    async drive(run) {
      const alice = await run.alice();
      const res = await run.call('POST', '/login', { email: EMAIL, password: 'wrong-password-1' });
      expect(res.status).toBe(401);
      return { alice: alice.id };
    },
    expect: {
      type: 'login.failed',
      outcome: 'failure',
      user: 'alice',
      details: { reason: 'bad_password' },
    },
  },
  {
    name: 'sign-in with an unknown email',
    async drive(run) {
      const res = await run.call('POST', '/login', {
        email: 'nobody@example.com',
        password: PASSWORD,
      });
      expect(res.status).toBe(401);
      return {};
    },
    expect: {
      type: 'login.failed',
      outcome: 'failure',
      user: null,
      details: { reason: 'unknown_email' },
    },
  },
  {
    name: 'sign-in to an unverified account',
    config: { require_verification: true },
    async drive(run) {
      const { user } = await run.t.rs.bootstrapAdmin(ADMIN_EMAIL, ADMIN_PASSWORD);
      const admin = await run.call('POST', '/login', {
        email: ADMIN_EMAIL,
        password: ADMIN_PASSWORD,
      });
      const created = await run.t.rs.storage.users.create({
        email: EMAIL,
        hashedPassword: await run.t.rs.hasher.hash(PASSWORD),
        isVerified: false,
      });
      const res = await run.call('POST', '/login', { email: EMAIL, password: PASSWORD });
      expect(res.status, res.text).toBe(403);
      expect(admin.status).toBe(200);
      return { alice: created.id, admin: user._id };
    },
    expect: {
      type: 'login.failed',
      outcome: 'failure',
      user: 'alice',
      details: { reason: 'unverified' },
    },
  },
  {
    name: 'sign-in to a deactivated account',
    async drive(run) {
      const alice = await run.alice();
      await run.t.rs.storage.users.deactivate(alice.id);
      const res = await run.call('POST', '/login', { email: EMAIL, password: PASSWORD });
      expect(res.status, res.text).toBe(403);
      return { alice: alice.id };
    },
    expect: {
      type: 'login.failed',
      outcome: 'failure',
      user: 'alice',
      details: { reason: 'inactive' },
    },
  },
  {
    name: 'sign-in while locked out',
    config: { rate_limit_disabled: false, login_lockout_threshold: 2 },
    async drive(run) {
      const alice = await run.alice();
      for (let i = 0; i < 2; i++) {
        const res = await run.call('POST', '/login', {
          email: EMAIL,
          password: 'wrong-password-1',
        });
        expect(res.status).toBe(401);
      }
      const locked = await run.call('POST', '/login', { email: EMAIL, password: PASSWORD });
      expect(locked.status, locked.text).toBe(429);
      return { alice: alice.id };
    },
    expect: {
      type: 'login.locked',
      outcome: 'failure',
      user: 'alice',
      details: { step: 'login' },
    },
  },
  {
    name: 'a sign-in that asks for the SMS code',
    async drive(run) {
      const alice = await aliceWithPhone(run);
      await pendingSignIn(run);
      return { alice: alice.id };
    },
    expect: {
      type: 'mfa.challenge_sent',
      user: 'alice',
      details: { delivery: 'sms' },
    },
  },
  {
    name: 'the SMS code accepted',
    async drive(run) {
      const alice = await aliceWithPhone(run);
      const pending = await pendingSignIn(run);
      const res = await run.call('POST', '/login/mfa-confirm', {
        mfa_pending_token: pending.json.mfa_pending_token,
        code: run.lastSmsCode(),
      });
      expect(res.status, res.text).toBe(200);
      return { alice: alice.id };
    },
    expect: { type: 'mfa.succeeded', user: 'alice', details: { method: 'mfa_sms' } },
  },
  {
    name: 'a wrong SMS code',
    async drive(run) {
      const alice = await aliceWithPhone(run);
      const pending = await pendingSignIn(run);
      const right = run.lastSmsCode();
      const res = await run.call('POST', '/login/mfa-confirm', {
        mfa_pending_token: pending.json.mfa_pending_token,
        code: right === '000000' ? '111111' : '000000',
      });
      expect(res.status, res.text).toBe(400);
      return { alice: alice.id };
    },
    expect: {
      type: 'mfa.failed',
      outcome: 'failure',
      user: 'alice',
      details: { method: 'mfa_sms', result: 'wrong' },
    },
  },
  {
    name: 'a wrong authenticator app code',
    async drive(run) {
      const alice = await aliceWithApp(run);
      const pending = await pendingSignIn(run);
      const right = run.appCode(alice.secret);
      const res = await run.call('POST', '/login/mfa-confirm', {
        mfa_pending_token: pending.json.mfa_pending_token,
        code: right === '000000' ? '111111' : '000000',
        method: 'totp',
      });
      expect(res.status, res.text).toBe(400);
      return { alice: alice.id };
    },
    expect: {
      type: 'mfa.failed',
      outcome: 'failure',
      user: 'alice',
      details: { method: 'mfa_totp', result: 'wrong' },
    },
  },
  {
    name: 'a recovery code finishes a sign-in',
    async drive(run) {
      const alice = await aliceWithApp(run);
      const pending = await pendingSignIn(run);
      const res = await run.call('POST', '/login/mfa-confirm', {
        mfa_pending_token: pending.json.mfa_pending_token,
        code: alice.recoveryCodes[0],
        method: 'recovery_code',
      });
      expect(res.status, res.text).toBe(200);
      return { alice: alice.id };
    },
    expect: {
      type: 'recovery_code.used',
      user: 'alice',
      details: { remaining: 9 },
    },
  },
  {
    name: 'logout',
    async drive(run) {
      const alice = await run.alice();
      expect((await run.call('POST', '/logout', undefined, alice.token)).status).toBe(200);
      return { alice: alice.id };
    },
    expect: { type: 'logout', user: 'alice' },
  },
  {
    name: 'sign out one other session',
    async drive(run) {
      const alice = await run.alice();
      const listed = await run.call('GET', '/sessions', undefined, alice.token);
      const other = await run.call('POST', '/login', { email: EMAIL, password: PASSWORD });
      expect(other.status).toBe(200);
      const id = (listed.json.sessions as { id: string }[])[0]?.id;
      const res = await run.call(
        'DELETE',
        `/sessions/${id}`,
        undefined,
        String(other.json.access_token),
      );
      expect(res.status, res.text).toBe(200);
      return { alice: alice.id };
    },
    expect: { type: 'session.revoked', user: 'alice', details: { method: 'password' } },
  },
  {
    name: 'sign out every other session',
    async drive(run) {
      const alice = await run.alice();
      await run.call('POST', '/login', { email: EMAIL, password: PASSWORD });
      const res = await run.call('POST', '/sessions/revoke-others', undefined, alice.token);
      expect(res.status, res.text).toBe(200);
      return { alice: alice.id };
    },
    expect: { type: 'sessions.revoked_others', user: 'alice', details: { count: 1 } },
  },
  {
    name: 'forgot password',
    async drive(run) {
      const alice = await run.alice();
      const res = await run.call('POST', '/forgot-password', { email: EMAIL });
      expect(res.status).toBe(202);
      return { alice: alice.id };
    },
    expect: { type: 'password.reset_requested', user: 'alice' },
  },
  {
    name: 'reset password',
    async drive(run) {
      const alice = await run.alice();
      await run.call('POST', '/forgot-password', { email: EMAIL });
      const token = run.t.lastEmailToken();
      run.secrets.push(token);
      const res = await run.call('POST', '/reset-password', { token, new_password: NEW_PASSWORD });
      expect(res.status, res.text).toBe(200);
      return { alice: alice.id };
    },
    expect: { type: 'password.reset', user: 'alice' },
  },
  {
    name: 'change password',
    async drive(run) {
      const alice = await run.alice();
      const res = await run.call(
        'POST',
        '/change-password',
        { current_password: PASSWORD, new_password: NEW_PASSWORD },
        alice.token,
      );
      expect(res.status, res.text).toBe(200);
      return { alice: alice.id };
    },
    expect: { type: 'password.changed', user: 'alice' },
  },
  {
    name: 'request an email change',
    async drive(run) {
      const alice = await run.alice();
      const res = await run.call(
        'POST',
        '/change-email',
        { new_email: 'alice2@example.com', current_password: PASSWORD },
        alice.token,
      );
      expect(res.status, res.text).toBe(202);
      return { alice: alice.id };
    },
    expect: { type: 'email.change_requested', user: 'alice' },
  },
  {
    name: 'confirm an email change',
    async drive(run) {
      const alice = await run.alice();
      await run.call(
        'POST',
        '/change-email',
        { new_email: 'alice2@example.com', current_password: PASSWORD },
        alice.token,
      );
      const token = run.t.lastEmailToken();
      run.secrets.push(token);
      const res = await run.call('POST', '/confirm-email-change', { token });
      expect(res.status, res.text).toBe(200);
      return { alice: alice.id };
    },
    expect: { type: 'email.changed', user: 'alice' },
  },
  {
    name: 'update the profile',
    async drive(run) {
      const alice = await run.alice();
      const res = await run.call('PATCH', '/me', { full_name: 'Alice A.' }, alice.token);
      expect(res.status, res.text).toBe(200);
      return { alice: alice.id };
    },
    expect: { type: 'profile.updated', user: 'alice', details: { fields: 'full_name' } },
  },
  {
    name: 'delete the account',
    async drive(run) {
      const alice = await run.alice();
      const res = await run.call('DELETE', '/account', { current_password: PASSWORD }, alice.token);
      expect(res.status, res.text).toBe(200);
      return { alice: alice.id };
    },
    expect: { type: 'account.deleted', user: 'alice' },
  },
  {
    name: 'turn SMS two-factor on',
    async drive(run) {
      return { alice: (await aliceWithPhone(run)).id };
    },
    expect: { type: 'sms_mfa.enabled', user: 'alice' },
  },
  {
    name: 'turn SMS two-factor off',
    async drive(run) {
      const alice = await aliceWithPhone(run);
      const res = await run.call('DELETE', '/phone', { current_password: PASSWORD }, alice.token);
      expect(res.status, res.text).toBe(200);
      return { alice: alice.id };
    },
    expect: { type: 'sms_mfa.disabled', user: 'alice' },
  },
  {
    name: 'turn the authenticator app on',
    async drive(run) {
      return { alice: (await aliceWithApp(run)).id };
    },
    expect: { type: 'totp.enabled', user: 'alice' },
  },
  {
    name: 'turn the authenticator app off',
    async drive(run) {
      const alice = await aliceWithApp(run);
      const res = await run.call(
        'POST',
        '/totp/disable',
        { code: run.appCode(alice.secret) },
        alice.token,
      );
      expect(res.status, res.text).toBe(200);
      return { alice: alice.id };
    },
    expect: { type: 'totp.disabled', user: 'alice', details: { proof: 'code' } },
  },
  {
    name: 'regenerate recovery codes',
    async drive(run) {
      const alice = await aliceWithApp(run);
      const res = await run.call(
        'POST',
        '/recovery-codes/regenerate',
        { current_password: PASSWORD },
        alice.token,
      );
      expect(res.status, res.text).toBe(200);
      return { alice: alice.id };
    },
    expect: { type: 'recovery_codes.regenerated', user: 'alice' },
  },
  {
    name: 'admin updates a user',
    async drive(run) {
      const alice = await run.alice();
      const admin = await run.admin();
      const res = await run.call(
        'PATCH',
        `/admin/users/${alice.id}`,
        { is_active: false },
        admin.token,
      );
      expect(res.status, res.text).toBe(200);
      return { alice: alice.id, admin: admin.id };
    },
    expect: {
      type: 'admin.user_updated',
      user: 'alice',
      actor: 'admin',
      details: { fields: 'is_active', is_active: false },
    },
  },
  {
    name: 'admin deletes a user',
    async drive(run) {
      const alice = await run.alice();
      const admin = await run.admin();
      const res = await run.call('DELETE', `/admin/users/${alice.id}`, undefined, admin.token);
      expect(res.status, res.text).toBe(200);
      return { alice: alice.id, admin: admin.id };
    },
    expect: { type: 'admin.user_deleted', user: 'alice', actor: 'admin' },
  },
  {
    name: 'admin resends a verification link',
    config: { require_verification: true },
    async drive(run) {
      const admin = await run.admin();
      const created = await run.t.rs.storage.users.create({
        email: EMAIL,
        hashedPassword: null,
        isVerified: false,
      });
      const res = await run.call(
        'POST',
        `/admin/users/${created.id}/resend-verification`,
        undefined,
        admin.token,
      );
      expect(res.status, res.text).toBe(202);
      run.secrets.push(run.t.lastEmailToken());
      return { alice: created.id, admin: admin.id };
    },
    expect: { type: 'admin.verification_resent', user: 'alice', actor: 'admin' },
  },
  {
    name: 'admin resets the second factors',
    async drive(run) {
      const alice = await aliceWithApp(run);
      const admin = await run.admin();
      const res = await run.call(
        'POST',
        `/admin/users/${alice.id}/reset-mfa`,
        undefined,
        admin.token,
      );
      expect(res.status, res.text).toBe(200);
      return { alice: alice.id, admin: admin.id };
    },
    expect: { type: 'admin.mfa_reset', user: 'alice', actor: 'admin' },
  },
  {
    name: 'admin revokes every session of a user',
    async drive(run) {
      const alice = await run.alice();
      const admin = await run.admin();
      const res = await run.call(
        'POST',
        `/admin/users/${alice.id}/sessions/revoke`,
        undefined,
        admin.token,
      );
      expect(res.status, res.text).toBe(200);
      expect((await run.call('GET', '/me', undefined, alice.token)).status).toBe(401);
      return { alice: alice.id, admin: admin.id };
    },
    expect: {
      type: 'admin.sessions_revoked',
      user: 'alice',
      actor: 'admin',
      details: { count: 1 },
    },
  },
  {
    name: 'admin revokes one session of a user',
    async drive(run) {
      const alice = await run.alice();
      const admin = await run.admin();
      const listed = await run.call(
        'GET',
        `/admin/users/${alice.id}/sessions`,
        undefined,
        admin.token,
      );
      const id = (listed.json.sessions as { id: string }[])[0]?.id;
      const res = await run.call(
        'DELETE',
        `/admin/users/${alice.id}/sessions/${id}`,
        undefined,
        admin.token,
      );
      expect(res.status, res.text).toBe(200);
      return { alice: alice.id, admin: admin.id };
    },
    expect: { type: 'admin.session_revoked', user: 'alice', actor: 'admin' },
  },
];

function idOf(who: 'alice' | 'admin' | null, ids: { alice?: string; admin?: string }) {
  return who === null ? null : (ids[who] ?? `missing ${who} id`);
}

describe.each(['sqlite', 'postgres'] as const)('the audit log on %s', (backend) => {
  let run: Run | undefined;
  afterEach(async () => {
    await run?.t.close();
    run = undefined;
  });

  it.each(ROWS)('$name records $expect.type', async (row) => {
    run = await openRun(row.config ?? {}, backend);
    const ids = await row.drive(run);
    const all = await run.t.rs.storage.audit.list({}, { limit: 500 });
    const matching = all.filter((event) => event.type === row.expect.type);
    expect(matching, JSON.stringify(all.map((e) => e.type))).toHaveLength(1);
    const [event] = matching as [AuditEventRecord];
    const user = idOf(row.expect.user, ids);
    expect(event).toMatchObject({
      type: row.expect.type,
      outcome: row.expect.outcome ?? 'success',
      userId: user,
      actorId: row.expect.actor === undefined ? user : idOf(row.expect.actor, ids),
      ip: CLIENT_IP,
      userAgent: USER_AGENT,
    });
    if (row.expect.details !== undefined) expect(event.details).toMatchObject(row.expect.details);
    // What an event says in words; times and ids are digits and hex that a six-digit code
    // could match by chance.
    const stored = JSON.stringify(all.map((e) => [e.type, e.ip, e.userAgent, e.details]));
    for (const secret of new Set(run.secrets)) expect(stored).not.toContain(secret);
  });

  it('behind a proxy, a right password after a wrong one signs in and both are recorded', async () => {
    run = await openRun({ rate_limit_disabled: false }, backend);
    const alice = await run.alice();
    // Events of one microsecond are ordered by id; a second apart, by time.
    run.t.clock.advance(1);
    const wrong = await run.call('POST', '/login', { email: EMAIL, password: 'wrong-password-1' });
    expect(wrong.status).toBe(401);
    run.t.clock.advance(1);
    const right = await run.call('POST', '/login', { email: EMAIL, password: PASSWORD });
    expect(right.status, right.text).toBe(200);
    const events = await run.t.rs.storage.audit.list(
      { userId: alice.id, types: ['login.failed', 'login.succeeded'] },
      { limit: 10 },
    );
    expect(events.map((e) => [e.type, e.ip])).toEqual([
      ['login.succeeded', CLIENT_IP],
      ['login.failed', CLIENT_IP],
      ['login.succeeded', CLIENT_IP],
    ]);
  });

  it('every event type is driven by a row above or named with the reason it is not', () => {
    const driven = new Set(ROWS.map((row) => row.expect.type));
    const missing = AUDIT_EVENT_TYPES.filter(
      (type) => !driven.has(type) && NOT_DRIVEN_HERE[type] === undefined,
    );
    expect(missing).toEqual([]);
  });

  it('the CLI bootstrap records admin.user_created with no actor and no client', async () => {
    run = await openRun({}, backend);
    const { user } = await run.t.rs.bootstrapAdmin(ADMIN_EMAIL, ADMIN_PASSWORD);
    const events = await run.t.rs.storage.audit.list(
      { types: ['admin.user_created'] },
      { limit: 5 },
    );
    expect(events).toMatchObject([
      { userId: user._id, actorId: null, ip: null, userAgent: null, details: { via: 'bootstrap' } },
    ]);
  });
});

describe.each(['sqlite', 'postgres'] as const)(
  'GET /audit and GET /admin/audit on %s',
  (backend) => {
    let run: Run | undefined;
    afterEach(async () => {
      await run?.t.close();
      run = undefined;
    });

    /** Alice signs in and fails five times, a second apart, so the order is by time. */
    async function history(): Promise<{
      alice: { id: string; token: string };
      admin: { id: string; token: string };
    }> {
      run = await openRun({}, backend);
      const r = run;
      const alice = await r.alice();
      for (let i = 0; i < 5; i++) {
        r.t.clock.advance(1);
        await r.call('POST', '/login', { email: EMAIL, password: `wrong-password-${i}` });
      }
      r.t.clock.advance(1);
      const admin = await r.admin();
      return { alice, admin };
    }

    it('GET /audit lists the caller’s own events newest first, paged by next_cursor', async () => {
      const { alice } = await history();
      const r = run as Run;
      const first = await r.call('GET', '/audit?limit=4', undefined, alice.token);
      expect(first.status, first.text).toBe(200);
      const events = first.json.events as Record<string, unknown>[];
      expect(events.map((e) => e.type)).toEqual(Array(4).fill('login.failed'));
      expect(events[0]).toEqual({
        id: expect.any(String),
        type: 'login.failed',
        occurred_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/),
        outcome: 'failure',
        actor_id: alice.id,
        user_id: alice.id,
        ip: CLIENT_IP,
        user_agent: USER_AGENT,
        details: { reason: 'bad_password' },
      });
      const cursor = String(first.json.next_cursor);
      const second = await r.call('GET', `/audit?limit=4&after=${cursor}`, undefined, alice.token);
      expect(second.status, second.text).toBe(200);
      expect((second.json.events as { type: string }[]).map((e) => e.type)).toEqual([
        'login.failed',
        'login.succeeded',
        'user.registered',
      ]);
      expect(second.json.next_cursor).toBeNull();
      // The admin's own events are not alice's.
      const ids = [...events, ...(second.json.events as Record<string, unknown>[])].map(
        (e) => e.user_id,
      );
      expect(new Set(ids)).toEqual(new Set([alice.id]));
    });

    it('GET /audit needs a session', async () => {
      run = await openRun({}, backend);
      const res = await run.call('GET', '/audit');
      expect(res.status).toBe(401);
    });

    it('GET /admin/audit filters by user, type (repeated or comma list), outcome and time', async () => {
      const { alice, admin } = await history();
      const r = run as Run;
      const get = async (query: string) => {
        const res = await r.call('GET', `/admin/audit?${query}`, undefined, admin.token);
        expect(res.status, res.text).toBe(200);
        return res.json.events as { type: string; user_id: string | null; occurred_at: string }[];
      };
      expect((await get(`user_id=${admin.id}`)).map((e) => e.type)).toEqual([
        'login.succeeded',
        'admin.user_created',
      ]);
      expect(await get(`user_id=${alice.id}&type=login.failed`)).toHaveLength(5);
      const both = await get('type=login.succeeded&type=user.registered');
      expect(both.map((e) => e.type)).toEqual([
        'login.succeeded',
        'login.succeeded',
        'user.registered',
      ]);
      expect(await get('type=login.succeeded,user.registered')).toEqual(both);
      expect(await get('outcome=failure')).toHaveLength(5);
      const all = await get('limit=200');
      const third = all[3]?.occurred_at ?? '';
      const since = await get(`since=${encodeURIComponent(third)}`);
      expect(since).toEqual(all.slice(0, 4));
      const until = await get(`until=${encodeURIComponent(third)}`);
      expect(until).toEqual(all.slice(4));
    });

    it('GET /admin/audit answers 422 for bad filters, never 5xx', async () => {
      const { admin } = await history();
      const r = run as Run;
      for (const query of [
        'type=login.nope',
        'type=login.failed&type=nope',
        'type=',
        'since=yesterday',
        'until=2026-01-01T00:00:00',
        'limit=0',
        'limit=201',
        'after=not-a-cursor',
        `after=${Buffer.from('12.zz').toString('base64url')}`,
        'user_id=%00',
        'outcome=maybe',
      ]) {
        const res = await r.call('GET', `/admin/audit?${query}`, undefined, admin.token);
        expect(res.status, `${query}: ${res.text}`).toBe(422);
        const detail = res.json.detail as { loc: string[]; type: string }[];
        expect(detail[0]?.loc[0], query).toBe('query');
      }
    });

    it('GET /admin/audit is for administrators, and absent without the admin router', async () => {
      const { alice } = await history();
      const r = run as Run;
      expect((await r.call('GET', '/admin/audit', undefined, alice.token)).status).toBe(403);
      await r.t.close();
      run = await openRun({ enable_admin_router: false }, backend);
      const other = await run.alice();
      const res = await run.call('GET', '/admin/audit', undefined, other.token);
      expect(res.status).toBe(404);
    });
  },
);

describe('an audit event that cannot be stored', () => {
  it('leaves the answer as it was and logs the failure without secrets', async () => {
    const run = await openRun({}, 'sqlite');
    try {
      const alice = await run.alice();
      const storage: unknown = run.t.rs.storage;
      if (!(storage instanceof Object) || !('rawQuery' in storage)) throw new Error('not SQL');
      const rawQuery = storage.rawQuery as (statement: string) => Promise<unknown>;
      // A real failure of the database, not a stub: the table is gone.
      await rawQuery('drop table audit_events');
      const res = await run.call('POST', '/login', { email: EMAIL, password: PASSWORD });
      expect(res.status, res.text).toBe(200);
      const me = await run.call('GET', '/me', undefined, String(res.json.access_token));
      expect(me.json._id).toBe(alice.id);
      const failures = run.t.logs.filter((log) => log.fields.event === 'audit_append_failed');
      expect(failures.map((log) => log.fields.audit_type)).toEqual(['login.succeeded']);
      const logged = JSON.stringify(run.t.logs);
      for (const secret of new Set(run.secrets)) expect(logged).not.toContain(secret);
    } finally {
      await run.t.close();
    }
  });
});
