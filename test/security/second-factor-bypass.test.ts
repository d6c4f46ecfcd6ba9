// Advisory class 4: a session or JWT issued before the second factor is completed, on any sign-in path (password, recovery, OAuth).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigOverrides } from '../../src/config/overrides.js';
import { APP_ORIGIN, callbackUri, createOAuthHarness, runFlow } from '../support/oauth-flow.js';
import { type OidcTestProvider, startOidcTestProvider } from '../support/oidc-test-provider.js';
import type { TestResponse } from '../support/test-regstack.js';
import { createTestRegstack, HTTP_BACKENDS, type TestRegstack } from '../support/test-regstack.js';

const PASSWORD = 'hunter2hunter2';
const PHONE = '+15555550100';
const JWT = /[\w-]{10,}\.[\w-]{10,}\.[\w-]{10,}/g;

describe.each(HTTP_BACKENDS)('class 4: second factor bypass on %s', (backend) => {
  const open: TestRegstack[] = [];
  afterEach(async () => {
    for (const t of open.splice(0)) await t.close();
  });

  async function withMfaUser(
    config: ConfigOverrides = {},
  ): Promise<{ t: TestRegstack; id: string }> {
    const t = await createTestRegstack({ backend, config: { enable_sms_2fa: true, ...config } });
    open.push(t);
    const { user } = await t.registerAndLogin('alice@example.com', PASSWORD);
    await t.rs.storage.users.setPhoneAndMfa(user._id, PHONE, true);
    return { t, id: String(user._id) };
  }

  /** Every JWT in the body, the headers and the cookies of an answer that is a valid session. */
  function sessionsIn(t: TestRegstack, res: TestResponse): string[] {
    const text = `${res.text}\n${[...res.headers.entries()].map(([k, v]) => `${k}: ${v}`).join('\n')}`;
    return [...text.matchAll(JWT)]
      .map((match) => match[0])
      .filter((token) => t.rs.tokens.decode(token, 'session').ok);
  }

  function lastCode(t: TestRegstack): string {
    const code = /\d{6}/.exec(t.smsOutbox.at(-1)?.body ?? '')?.[0];
    if (!code) throw new Error('no code sent');
    return code;
  }

  it.each(['bearer', 'cookie'] as const)(
    'password sign-in with %s transport: no session until the code, then one',
    async (transport) => {
      const { t } = await withMfaUser({ transport });
      const first = await t.login('alice@example.com', PASSWORD);
      expect(first.status).toBe(200);
      expect(first.json).toMatchObject({ status: 'mfa_required' });
      expect(first.json).not.toHaveProperty('access_token');
      expect(first.headers.get('set-cookie') ?? '').not.toContain('regstack_session=');
      expect(sessionsIn(t, first)).toEqual([]);

      // The pending token is not a session, by header or by cookie.
      const pending = String(first.json.mfa_pending_token);
      const asBearer = await t.request('GET', '/api/auth/me', { token: pending });
      expect(asBearer.status).toBe(401);
      const asCookie = await t.request('GET', '/api/auth/me', {
        headers: { cookie: `regstack_session=${pending}` },
      });
      expect(asCookie.status).toBe(401);

      const wrong = await t.request('POST', '/api/auth/login/mfa-confirm', {
        json: { mfa_pending_token: pending, code: lastCode(t) === '000000' ? '111111' : '000000' },
      });
      expect(wrong.status).toBe(400);
      expect(sessionsIn(t, wrong)).toEqual([]);

      const done = await t.request('POST', '/api/auth/login/mfa-confirm', {
        json: { mfa_pending_token: pending, code: lastCode(t) },
      });
      expect(done.status).toBe(200);
      // With cookies the one token is both in the body and in Set-Cookie.
      expect(new Set(sessionsIn(t, done)).size).toBe(1);
    },
  );

  it('the second factor holds with enable_sms_2fa off, for a user who has it (Decision 4)', async () => {
    const { t } = await withMfaUser({ enable_sms_2fa: false });
    const res = await t.login('alice@example.com', PASSWORD);
    expect(res.json).toMatchObject({ status: 'mfa_required' });
    expect(sessionsIn(t, res)).toEqual([]);
  });

  it('recovery: a reset issues no session, leaves MFA on, and the next sign-in asks for the code', async () => {
    const { t, id } = await withMfaUser();
    const asked = await t.request('POST', '/api/auth/forgot-password', {
      json: { email: 'alice@example.com' },
    });
    expect(sessionsIn(t, asked)).toEqual([]);
    t.clock.advance(1);
    const reset = await t.request('POST', '/api/auth/reset-password', {
      json: { token: t.lastEmailToken(), new_password: 'a-recovered-password' },
    });
    expect(reset.status).toBe(200);
    expect(sessionsIn(t, reset)).toEqual([]);
    expect((await t.rs.storage.users.getById(id))?.isMfaEnabled).toBe(true);
    const login = await t.login('alice@example.com', 'a-recovered-password');
    expect(login.json).toMatchObject({ status: 'mfa_required' });
    expect(sessionsIn(t, login)).toEqual([]);
  });

  it('no other route hands out a session: verify, confirm-email-change, phone confirm', async () => {
    const t = await createTestRegstack({
      backend,
      config: { enable_sms_2fa: true, require_verification: true },
    });
    open.push(t);
    await t.request('POST', '/api/auth/register', {
      json: { email: 'bob@example.com', password: PASSWORD },
    });
    const verified = await t.request('POST', '/api/auth/verify', {
      json: { token: t.lastEmailToken() },
    });
    expect(verified.status).toBe(200);
    expect(sessionsIn(t, verified)).toEqual([]);

    const token = String((await t.login('bob@example.com', PASSWORD)).json.access_token);
    const started = await t.request('POST', '/api/auth/phone/start', {
      token,
      json: { phone_number: PHONE, current_password: PASSWORD },
    });
    const confirmed = await t.request('POST', '/api/auth/phone/confirm', {
      json: { pending_token: started.json.pending_token, code: lastCode(t) },
    });
    expect(confirmed.status).toBe(200);
    expect(sessionsIn(t, confirmed)).toEqual([]);

    await t.request('POST', '/api/auth/change-email', {
      token,
      json: { new_email: 'bob2@example.com', current_password: PASSWORD },
    });
    const changed = await t.request('POST', '/api/auth/confirm-email-change', {
      json: { token: t.lastEmailToken() },
    });
    expect(changed.status).toBe(200);
    expect(sessionsIn(t, changed)).toEqual([]);
    // Bob now has MFA: his next sign-in must stop at the code.
    const login = await t.login('bob2@example.com', PASSWORD);
    expect(login.json).toMatchObject({ status: 'mfa_required' });
  });
});

describe.each(HTTP_BACKENDS)('class 4: second factor bypass through OAuth on %s', (backend) => {
  let op: OidcTestProvider;
  beforeAll(async () => {
    op = await startOidcTestProvider({ redirectUris: [callbackUri('acme')] });
  });
  afterAll(async () => {
    await op.close();
  });

  it('with enforce_mfa_on_oauth_signin: no session in the callback or the exchange until the code', async () => {
    const h = await createOAuthHarness({
      backend,
      config: {
        enable_sms_2fa: true,
        sms: { from_number: '+15550000000' },
        oauth: {
          enforce_mfa_on_oauth_signin: true,
          providers: {
            acme: { issuer: op.issuer, client_id: op.clientId, client_secret: op.clientSecret },
          },
        },
      },
    });
    try {
      const { t } = h;
      const sessions = (res: { text: string; headers: Headers }): string[] => {
        const text = `${res.text}\n${[...res.headers.entries()].map(([k, v]) => `${k}: ${v}`).join('\n')}`;
        return [...text.matchAll(JWT)]
          .map((match) => match[0])
          .filter((token) => t.rs.tokens.decode(token, 'session').ok);
      };
      // A first OAuth sign-in creates the account; then it gets a phone and MFA.
      op.signInAs({ sub: 'grace-1', email: 'grace@example.com', email_verified: true });
      const created = await runFlow(h.browser, `${APP_ORIGIN}/api/auth/oauth/acme/start`);
      expect(
        (await t.request('POST', '/api/auth/oauth/exchange', { json: { id: created.id } })).status,
      ).toBe(200);
      const user = await t.rs.storage.users.getByEmail('grace@example.com');
      await t.rs.storage.users.setPhoneAndMfa(user?.id ?? '', PHONE, true);

      h.browser.forget(new URL(op.issuer).host);
      op.signInAs({ sub: 'grace-1' });
      const flow = await runFlow(h.browser, `${APP_ORIGIN}/api/auth/oauth/acme/start`);
      expect(flow.error).toBeNull();
      // The callback's redirect carries no token, only the completion id.
      expect(flow.landed.toString()).not.toMatch(JWT);
      const exchanged = await t.request('POST', '/api/auth/oauth/exchange', {
        json: { id: flow.id },
      });
      expect(exchanged.json).toMatchObject({ status: 'mfa_required' });
      expect(exchanged.json).not.toHaveProperty('access_token');
      expect(sessions(exchanged)).toEqual([]);
      const pending = String(exchanged.json.mfa_pending_token);
      expect((await t.request('GET', '/api/auth/me', { token: pending })).status).toBe(401);
      // A second exchange of the same completion gives nothing either.
      const again = await t.request('POST', '/api/auth/oauth/exchange', { json: { id: flow.id } });
      expect(sessions(again)).toEqual([]);

      const code = /\d{6}/.exec(t.smsOutbox.at(-1)?.body ?? '')?.[0];
      const confirmed = await t.request('POST', '/api/auth/login/mfa-confirm', {
        json: { mfa_pending_token: pending, code },
      });
      expect(confirmed.status).toBe(200);
      expect(sessions(confirmed)).toHaveLength(1);
    } finally {
      await h.t.close();
    }
  });
});
