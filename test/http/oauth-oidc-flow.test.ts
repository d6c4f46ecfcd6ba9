import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigOverrides } from '../../src/config/overrides.js';
import { deriveSecret } from '../../src/crypto/derive-secret.js';
import { seal } from '../../src/crypto/seal.js';
import { newTotpSecret, totpCode } from '../../src/crypto/totp.js';
import {
  APP_ORIGIN,
  callbackUri,
  createOAuthHarness,
  type OAuthHarness,
  runFlow,
} from '../support/oauth-flow.js';
import { type OidcTestProvider, startOidcTestProvider } from '../support/oidc-test-provider.js';
import { HTTP_BACKENDS } from '../support/test-regstack.js';

const START = `${APP_ORIGIN}/api/auth/oauth/acme/start`;
const PHONE = '+14155552671';

describe.each(HTTP_BACKENDS)('OpenID Connect sign-in through the routes on %s', (backend) => {
  let op: OidcTestProvider;
  let h: OAuthHarness;
  beforeAll(async () => {
    op = await startOidcTestProvider({ redirectUris: [callbackUri('acme')] });
  });
  afterAll(async () => {
    await op.close();
  });
  afterEach(async () => {
    await h.t.close();
  });

  async function setUp(config: ConfigOverrides = {}, oauth: ConfigOverrides['oauth'] = {}) {
    h = await createOAuthHarness({
      backend,
      config: {
        ...config,
        oauth: {
          ...oauth,
          providers: {
            acme: {
              display_name: 'Acme SSO',
              issuer: op.issuer,
              client_id: op.clientId,
              client_secret: op.clientSecret,
            },
          },
        },
      },
    });
  }

  /** A flow as `claims`, in a browser that has not signed in at the provider yet. */
  async function flowAs(claims: Parameters<OidcTestProvider['signInAs']>[0], start = START) {
    op.signInAs(claims);
    h.browser.forget(new URL(op.issuer).host);
    return runFlow(h.browser, start);
  }

  /** `POST /oauth/{p}/link/start` from the browser (which keeps the flow's cookie). */
  async function linkStart(token: string): Promise<string> {
    const started = await h.browser.follow(`${APP_ORIGIN}/api/auth/oauth/acme/link/start`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(started.response.status).toBe(200);
    const body = (await started.response.json()) as { authorization_url: string };
    return body.authorization_url;
  }

  async function exchange(id: string | null) {
    return h.t.request('POST', '/api/auth/oauth/exchange', { json: { id } });
  }

  const ALICE = {
    sub: 'alice-sub',
    email: 'Alice@Example.com',
    email_verified: true,
    name: 'Alice',
  };

  it('signs up a new account, hands off a session, and signs in to it again', async () => {
    await setUp();
    const events: string[] = [];
    for (const name of [
      'oauth_signin_started',
      'oauth_signin_completed',
      'user_registered',
      'user_logged_in',
    ] as const) {
      h.t.rs.on(name, () => {
        events.push(name);
      });
    }
    const first = await flowAs(ALICE);
    expect(first.error).toBeNull();
    expect(first.landed.pathname).toBe('/account/oauth-complete');
    const res = await exchange(first.id);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      redirect_to: '/account/me',
      was_new_account: true,
      token_type: 'bearer',
      expires_in: 7200,
    });
    const me = await h.t.request('GET', '/api/auth/me', { token: String(res.json.access_token) });
    expect(me.json).toMatchObject({
      email: 'alice@example.com',
      full_name: 'Alice',
      is_verified: true,
    });
    const user = await h.t.rs.storage.users.getByEmail('alice@example.com');
    expect(user?.hashedPassword).toBeNull();
    expect(events).toEqual([
      'oauth_signin_started',
      'user_registered',
      'user_logged_in',
      'oauth_signin_completed',
    ]);

    const again = await flowAs(ALICE, `${START}?redirect_to=/app/home`);
    const second = await exchange(again.id);
    expect(second.json).toMatchObject({ was_new_account: false, redirect_to: '/app/home' });
    const providers = await h.t.request('GET', '/api/auth/oauth/providers', {
      token: String(second.json.access_token),
    });
    expect(providers.json).toEqual({
      available: ['acme'],
      providers: [{ name: 'acme', display_name: 'Acme SSO' }],
      linked: [
        {
          provider: 'acme',
          email: 'alice@example.com',
          linked_at: expect.stringMatching(/\+00:00$/),
          last_used_at: expect.stringMatching(/\+00:00$/),
        },
      ],
    });
  });

  it('exchanges once, and an exchange before the callback leaves the flow intact', async () => {
    await setUp();
    const started = await h.browser.follow(START, { stop: () => true });
    const state = new URL(started.response.headers.get('location') ?? '').searchParams.get('state');
    const early = await exchange(state);
    expect(early.status).toBe(404);
    expect(early.json.detail).toBe('OAuth state not found or already consumed.');
    op.signInAs(ALICE);
    const end = await runFlow(h.browser, started.response.headers.get('location') ?? '');
    expect(end.id).toBe(state);
    expect((await exchange(end.id)).status).toBe(200);
    const twice = await exchange(end.id);
    expect(twice.status).toBe(404);
  });

  it('refuses an exchange later than completion_ttl_seconds after the callback', async () => {
    await setUp({}, { completion_ttl_seconds: 5 });
    const end = await flowAs(ALICE);
    h.t.clock.advance(6);
    const late = await exchange(end.id);
    expect(late.status).toBe(400);
    expect(late.json.detail).toBe('OAuth state has expired.');
  });

  it('refuses a callback in another browser, a replayed callback and an expired state', async () => {
    await setUp();
    op.signInAs(ALICE);
    const started = await h.browser.follow(START, { stop: () => true });
    const authorization = started.response.headers.get('location') ?? '';
    // The provider sends the browser back; another browser presents the same callback.
    const other = h.newBrowser();
    const { url: callback } = await other.follow(authorization, {
      stop: (next) => next.pathname.endsWith('/callback'),
    });
    const foreign = await runFlow(other, callback.href);
    expect(foreign.error).toBe('bad_state');
    expect(foreign.landed.pathname).toBe('/account/login');

    // The starting browser still completes it, once.
    const own = await runFlow(h.browser, callback.href);
    expect(own.error).toBeNull();
    const replay = await runFlow(h.browser, callback.href);
    expect(replay.error).toBe('bad_state');

    const slow = await h.browser.follow(START, { stop: () => true });
    h.t.clock.advance(301);
    const expired = await runFlow(h.browser, slow.response.headers.get('location') ?? '');
    expect(expired.error).toBe('state_expired');
  });

  it('links a provider to a signed-in account and unlinks it', async () => {
    await setUp();
    const { token, user } = await h.t.registerAndLogin('bob@example.com');
    const linkStarted = await h.browser.follow(
      `${APP_ORIGIN}/api/auth/oauth/acme/link/start?redirect_to=/account/me`,
      { method: 'POST', headers: { authorization: `Bearer ${token}` } },
    );
    expect(linkStarted.response.status).toBe(200);
    const { authorization_url } = (await linkStarted.response.json()) as {
      authorization_url: string;
    };
    const linked = await flowAs(
      { sub: 'bob-at-acme', email: 'other@example.com' },
      authorization_url,
    );
    const res = await exchange(linked.id);
    expect(res.json).toMatchObject({ was_new_account: false });
    const me = await h.t.request('GET', '/api/auth/me', { token: String(res.json.access_token) });
    expect(me.json._id).toBe(user._id);

    // Linking the same identity again says so.
    const again = await flowAs({ sub: 'bob-at-acme' }, await linkStart(token));
    expect(again.error).toBe('already_linked');

    const unlinked = await h.t.request('DELETE', '/api/auth/oauth/acme/link', { token });
    expect(unlinked.status).toBe(200);
    expect(unlinked.json).toEqual({ message: 'Unlinked acme.' });
    const none = await h.t.request('DELETE', '/api/auth/oauth/acme/link', { token });
    expect(none.status).toBe(404);
    expect(none.json.detail).toBe('That provider is not linked to your account.');
  });

  it('will not unlink the only sign-in method of an account without a password', async () => {
    await setUp();
    const end = await flowAs({
      sub: 'only-oauth',
      email: 'solo@example.com',
      email_verified: true,
    });
    const token = String((await exchange(end.id)).json.access_token);
    const res = await h.t.request('DELETE', '/api/auth/oauth/acme/link', { token });
    expect(res.status).toBe(400);
    expect(res.json.detail).toContain('only sign-in method');
  });

  it('an identity linked to one account cannot be linked to another', async () => {
    await setUp();
    await flowAs({ sub: 'taken', email: 'first@example.com', email_verified: true }).then(
      async (end) => exchange(end.id),
    );
    const { token } = await h.t.registerAndLogin('second@example.com');
    const end = await flowAs({ sub: 'taken' }, await linkStart(token));
    expect(end.error).toBe('identity_in_use');
  });

  it('matches an existing email only with auto-linking on and a verified email', async () => {
    await setUp({}, { auto_link_verified_emails: true });
    const { user } = await h.t.registerAndLogin('carol@example.com');
    const unverified = await flowAs({ sub: 'carol-1', email: 'carol@example.com' });
    expect(unverified.error).toBe('email_in_use');
    expect(await h.t.rs.storage.oauthIdentities.listForUser(user._id)).toEqual([]);
    const verified = await flowAs({
      sub: 'carol-1',
      email: 'CAROL@example.com',
      email_verified: true,
    });
    const res = await exchange(verified.id);
    expect(res.json).toMatchObject({ was_new_account: false });
    expect(await h.t.rs.storage.oauthIdentities.listForUser(user._id)).toHaveLength(1);
  });

  it('without auto-linking an existing email is email_in_use, nothing written', async () => {
    await setUp();
    const { user } = await h.t.registerAndLogin('dave@example.com');
    const end = await flowAs({ sub: 'dave-1', email: 'dave@example.com', email_verified: true });
    expect(end.error).toBe('email_in_use');
    expect(await h.t.rs.storage.oauthIdentities.listForUser(user._id)).toEqual([]);
  });

  it('honours allow_registration, and still signs in linked accounts', async () => {
    await setUp({ allow_registration: false });
    const end = await flowAs({ sub: 'newcomer', email: 'new@example.com', email_verified: true });
    expect(end.error).toBe('registration_disabled');
    expect(await h.t.rs.storage.users.getByEmail('new@example.com')).toBeNull();
  });

  it('creates the placeholder account for an identity without an email (Decision 13)', async () => {
    await setUp();
    const end = await flowAs({ sub: 'NoMail-42' });
    const res = await exchange(end.id);
    expect(res.status).toBe(200);
    const me = await h.t.request('GET', '/api/auth/me', { token: String(res.json.access_token) });
    expect(me.json).toMatchObject({ email: 'acme-nomail-42@oauth.invalid', is_verified: false });
  });

  it('clears the lockout counter and refuses a disabled account', async () => {
    await setUp({ rate_limit_disabled: false });
    const end = await flowAs({ sub: 'erin-1', email: 'erin@example.com', email_verified: true });
    await exchange(end.id);
    await h.t.login('erin@example.com', 'wrong-password-1');
    expect((await h.t.rs.storage.attempts.countRecent('erin@example.com', 3600)).count).toBe(1);
    const again = await flowAs({ sub: 'erin-1' });
    await exchange(again.id);
    expect((await h.t.rs.storage.attempts.countRecent('erin@example.com', 3600)).count).toBe(0);
    const user = await h.t.rs.storage.users.getByEmail('erin@example.com');
    await h.t.rs.storage.users.setActive(user?.id ?? '', false);
    expect((await flowAs({ sub: 'erin-1' })).error).toBe('user_inactive');
  });

  it('runs the SMS step with enforce_mfa_on_oauth_signin (Decision 10)', async () => {
    await setUp({ sms: { from_number: '+15550000000' } }, { enforce_mfa_on_oauth_signin: true });
    const end = await flowAs({ sub: 'frank-1', email: 'frank@example.com', email_verified: true });
    const first = await exchange(end.id);
    const user = await h.t.rs.storage.users.getByEmail('frank@example.com');
    await h.t.rs.storage.users.setPhoneAndMfa(user?.id ?? '', PHONE, true);
    expect(first.json).toHaveProperty('access_token');
    const mfa = await flowAs({ sub: 'frank-1' });
    const res = await exchange(mfa.id);
    expect(res.json).toMatchObject({
      status: 'mfa_required',
      expires_in: 600,
      delivery: 'sms',
      redirect_to: '/account/me',
    });
    expect(res.json).not.toHaveProperty('access_token');
    const code = /\b(\d{6})\b/.exec(h.t.smsOutbox.at(-1)?.body ?? '')?.[1];
    const confirmed = await h.t.request('POST', '/api/auth/login/mfa-confirm', {
      json: { mfa_pending_token: res.json.mfa_pending_token, code },
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.json).toHaveProperty('access_token');
  });

  it('runs the authenticator app step with enforce_mfa_on_oauth_signin', async () => {
    const jwtSecret = 'o'.repeat(64);
    await setUp({ jwt_secret: jwtSecret }, { enforce_mfa_on_oauth_signin: true });
    const first = await exchange(
      (await flowAs({ sub: 'gina-1', email: 'gina@example.com', email_verified: true })).id,
    );
    expect(first.json).toHaveProperty('access_token');
    const user = await h.t.rs.storage.users.getByEmail('gina@example.com');
    const userId = user?.id ?? '';
    const secret = newTotpSecret();
    await h.t.rs.storage.totpFactors.putUnconfirmed(
      userId,
      seal(deriveSecret(jwtSecret, 'totp_secret'), secret),
    );
    await h.t.rs.storage.totpFactors.confirm(userId, 0);
    const res = await exchange((await flowAs({ sub: 'gina-1' })).id);
    expect(res.json).toMatchObject({
      status: 'mfa_required',
      delivery: 'totp',
      methods: ['totp'],
      redirect_to: '/account/me',
    });
    expect(res.json).not.toHaveProperty('access_token');
    expect(h.t.smsOutbox).toHaveLength(0);
    const confirmed = await h.t.request('POST', '/api/auth/login/mfa-confirm', {
      json: {
        mfa_pending_token: res.json.mfa_pending_token,
        code: totpCode(secret, Math.floor(h.t.clock.now() / 1000)),
      },
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.json).toHaveProperty('access_token');
  });

  it('answers the start, exchange and providers routes as spec §6.22 says', async () => {
    await setUp();
    const unknown = await h.t.request('GET', '/api/auth/oauth/nope/start');
    expect(unknown.status).toBe(404);
    expect(unknown.json.detail).toBe("OAuth provider 'nope' is not configured.");
    for (const bad of ['//evil.example/x', 'javascript:alert(1)', 'https://evil.example/']) {
      const res = await h.t.request(
        'GET',
        `/api/auth/oauth/acme/start?redirect_to=${encodeURIComponent(bad)}`,
      );
      expect(res.status).toBe(400);
      expect(res.json.detail).toBe('redirect_to must be same-origin.');
    }
    const same = await h.t.request(
      'GET',
      `/api/auth/oauth/acme/start?redirect_to=${encodeURIComponent('http://localhost:8000/x')}`,
    );
    expect(same.status).toBe(302);
    expect(same.headers.get('set-cookie')).toMatch(
      /^regstack_oauth=[A-Za-z0-9_-]{43}; Max-Age=300; Path=\/api\/auth\/oauth; HttpOnly; SameSite=Lax/,
    );
    const location = new URL(same.headers.get('location') ?? '');
    expect(location.searchParams.get('redirect_uri')).toBe(callbackUri('acme'));
    expect(location.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(location.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect((await h.t.request('GET', '/api/auth/oauth/exchange')).status).toBe(405);
    expect((await h.t.request('GET', '/api/auth/oauth/providers')).status).toBe(401);
    const short = await exchange('short');
    expect(short.status).toBe(422);
  });

  it('redirects every callback error with the spec vocabulary only', async () => {
    await setUp();
    const cases: Array<[string, string]> = [
      ['/api/auth/oauth/acme/callback?error=access_denied&state=x', 'oauth_failed'],
      ['/api/auth/oauth/acme/callback?code=abc', 'missing_code_or_state'],
      ['/api/auth/oauth/nope/callback?code=abc&state=xyz', 'unknown_provider'],
      ['/api/auth/oauth/acme/callback?code=abc&state=unknown-state', 'bad_state'],
    ];
    for (const [path, code] of cases) {
      const res = await h.t.request('GET', path);
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe(`/account/login?error=${code}`);
    }
  });
});
