import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOidcProvider } from '../../src/oauth/oidc-provider.js';
import {
  type EndpointFault,
  type FakeOidc,
  type IdTokenFault,
  startFakeOidc,
} from '../support/fake-oidc.js';
import {
  APP_ORIGIN,
  createOAuthHarness,
  type OAuthHarness,
  runFlow,
} from '../support/oauth-flow.js';
import { HTTP_BACKENDS } from '../support/test-regstack.js';

const START = `${APP_ORIGIN}/api/auth/oauth/bad/start`;

describe.each(HTTP_BACKENDS)('a misbehaving OpenID provider on %s', (backend) => {
  let fake: FakeOidc;
  let h: OAuthHarness;
  beforeAll(async () => {
    fake = await startFakeOidc();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(async () => {
    fake.claims = { sub: 'mallory', email: 'mallory@example.com', email_verified: true };
    fake.idTokenFault = 'none';
    fake.tokenFault = 'none';
    fake.jwksFault = 'none';
    fake.complaints.length = 0;
    h = await createOAuthHarness({
      backend,
      config: {
        oauth: {
          auto_link_verified_emails: true,
          providers: {
            bad: {
              issuer: fake.issuer,
              client_id: fake.clientId,
              client_secret: fake.clientSecret,
            },
          },
        },
      },
    });
  });
  afterEach(async () => {
    expect(fake.complaints).toEqual([]);
    await h.t.close();
  });

  async function nothingWritten(): Promise<void> {
    expect(await h.t.rs.storage.users.getByEmail('mallory@example.com')).toBeNull();
    expect(await h.t.rs.storage.oauthIdentities.findBySubject('bad', 'mallory')).toBeNull();
  }

  it('a well-behaved answer signs in (the baseline for the cases below)', async () => {
    const end = await runFlow(h.browser, START);
    expect(end.error).toBeNull();
    const res = await h.t.request('POST', '/api/auth/oauth/exchange', { json: { id: end.id } });
    expect(res.status).toBe(200);
    expect(fake.tokenRequests.at(-1)?.get('redirect_uri')).toBe(
      `${APP_ORIGIN}/api/auth/oauth/bad/callback`,
    );
  });

  const idTokenCases: Array<[IdTokenFault, string]> = [
    ['wrong_nonce', 'id_token_failed'],
    ['wrong_issuer', 'id_token_failed'],
    ['wrong_audience', 'id_token_failed'],
    ['expired', 'id_token_failed'],
    ['alg_none', 'id_token_failed'],
    ['hs256', 'id_token_failed'],
    ['unknown_kid', 'id_token_failed'],
    ['missing_id_token', 'token_exchange_failed'],
  ];
  for (const [fault, code] of idTokenCases) {
    it(`an ID token with fault ${fault} → ${code}, nothing written`, async () => {
      fake.idTokenFault = fault;
      const end = await runFlow(h.browser, START);
      expect(end.landed.pathname).toBe('/account/login');
      expect(end.error).toBe(code);
      await nothingWritten();
    });
  }

  const endpointCases: Array<['token' | 'jwks', EndpointFault, string]> = [
    ['token', 'down', 'token_exchange_failed'],
    ['token', 'error_status', 'token_exchange_failed'],
    ['token', 'slow', 'token_exchange_failed'],
    ['jwks', 'down', 'id_token_failed'],
    ['jwks', 'error_status', 'id_token_failed'],
    ['jwks', 'slow', 'id_token_failed'],
  ];
  for (const [endpoint, fault, code] of endpointCases) {
    it(`a ${endpoint} endpoint that is ${fault} → ${code}, nothing written`, async () => {
      // A one-second timeout stands in for the configured ten.
      h.t.rs.oauth.register(
        createOidcProvider({
          name: 'bad',
          displayName: 'Bad',
          issuer: fake.issuer,
          clientId: fake.clientId,
          clientSecret: fake.clientSecret,
          scopes: ['openid', 'email'],
          timeoutSeconds: 1,
        }),
      );
      if (endpoint === 'token') fake.tokenFault = fault;
      else fake.jwksFault = fault;
      fake.slowMs = 1500;
      const end = await runFlow(h.browser, START);
      expect(end.error).toBe(code);
      expect(end.landed.href).not.toContain('script');
      await nothingWritten();
    });
  }

  it('an unverified email with auto-linking on does not take over the account', async () => {
    const { user } = await h.t.registerAndLogin('victim@example.com');
    fake.claims = { sub: 'mallory', email: 'victim@example.com', email_verified: false };
    const end = await runFlow(h.browser, START);
    expect(end.error).toBe('email_in_use');
    expect(await h.t.rs.storage.oauthIdentities.listForUser(user._id)).toEqual([]);
    await nothingWritten();
  });

  it('the provider reporting an error is oauth_failed, its text not echoed', async () => {
    const res = await h.t.request(
      'GET',
      '/api/auth/oauth/bad/callback?error=access_denied&error_description=%3Cb%3Eno%3C%2Fb%3E',
    );
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/account/login?error=oauth_failed');
  });
});
