import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OAuthConfigError } from '../../src/errors/errors.js';
import { createGithubProvider } from '../../src/oauth/github-provider.js';
import { createGoogleProvider } from '../../src/oauth/google-provider.js';
import { type FakeGithub, startFakeGithub } from '../support/fake-github.js';
import { type FakeGoogle, startFakeGoogle } from '../support/fake-google.js';
import {
  APP_ORIGIN,
  createOAuthHarness,
  type OAuthHarness,
  runFlow,
} from '../support/oauth-flow.js';
import { HTTP_BACKENDS } from '../support/test-regstack.js';

describe('the Google provider (spec §7.2)', () => {
  it('needs a client id and secret', () => {
    expect(() => createGoogleProvider({ clientId: '', clientSecret: 's' })).toThrow(
      new OAuthConfigError('GoogleProvider: client_id is required'),
    );
    expect(() => createGoogleProvider({ clientId: 'c', clientSecret: '' })).toThrow(
      'GoogleProvider: client_secret is required',
    );
  });

  it('builds the authorization URL in the pinned form and order', async () => {
    const url = await createGoogleProvider({ clientId: 'cid', clientSecret: 's' }).authorizationUrl(
      {
        redirectUri: 'http://localhost:8000/api/auth/oauth/google/callback',
        state: 'st',
        codeChallenge: 'ch',
        nonce: 'no',
      },
    );
    expect(url).toBe(
      'https://accounts.google.com/o/oauth2/v2/auth?response_type=code&client_id=cid&redirect_uri=http%3A%2F%2Flocalhost%3A8000%2Fapi%2Fauth%2Foauth%2Fgoogle%2Fcallback&scope=openid+email+profile&state=st&code_challenge=ch&code_challenge_method=S256&nonce=no&prompt=select_account&access_type=online',
    );
  });
});

describe.each(HTTP_BACKENDS)('Google and GitHub sign-in on %s', (backend) => {
  let google: FakeGoogle;
  let github: FakeGithub;
  let h: OAuthHarness;
  beforeAll(async () => {
    [google, github] = await Promise.all([startFakeGoogle(), startFakeGithub()]);
  });
  afterAll(async () => {
    await Promise.all([google.close(), github.close()]);
  });
  afterEach(async () => {
    expect(google.complaints).toEqual([]);
    expect(github.complaints).toEqual([]);
    await h.t.close();
  });

  async function setUp(githubSecret?: string) {
    h = await createOAuthHarness({
      backend,
      config: {
        oauth: {
          google_client_id: google.clientId,
          google_client_secret: google.clientSecret,
          providers: {
            gh: {
              kind: 'github',
              display_name: 'GitHub',
              client_id: github.clientId,
              client_secret: github.clientSecret,
            },
          },
        },
      },
    });
    h.t.rs.oauth.register(
      createGoogleProvider({
        clientId: google.clientId,
        clientSecret: google.clientSecret,
        endpoints: {
          authorization: `${google.url}/auth`,
          token: `${google.url}/token`,
          jwks: `${google.url}/certs`,
        },
      }),
    );
    h.t.rs.oauth.register(
      createGithubProvider({
        name: 'gh',
        displayName: 'GitHub',
        clientId: github.clientId,
        clientSecret: githubSecret ?? github.clientSecret,
        scopes: ['read:user', 'user:email'],
        endpoints: {
          authorization: `${github.url}/login/oauth/authorize`,
          token: `${github.url}/login/oauth/access_token`,
          api: github.url,
        },
      }),
    );
  }

  async function me(id: string | null) {
    const res = await h.t.request('POST', '/api/auth/oauth/exchange', { json: { id } });
    expect(res.status).toBe(200);
    return h.t.request('GET', '/api/auth/me', { token: String(res.json.access_token) });
  }

  it('signs in with Google under either issuer spelling (Decision 25)', async () => {
    await setUp();
    for (const issuer of ['https://accounts.google.com', 'accounts.google.com']) {
      google.issuer = issuer;
      const end = await runFlow(h.browser, `${APP_ORIGIN}/api/auth/oauth/google/start`);
      expect(end.error).toBeNull();
      expect((await me(end.id)).json).toMatchObject({ email: 'g@example.com', is_verified: true });
    }
    const params = google.authorizeRequests.at(-1);
    expect(params?.get('prompt')).toBe('select_account');
    expect(params?.get('redirect_uri')).toBe(`${APP_ORIGIN}/api/auth/oauth/google/callback`);
    google.issuer = 'https://evil.example';
    const end = await runFlow(h.browser, `${APP_ORIGIN}/api/auth/oauth/google/start`);
    expect(end.error).toBe('id_token_failed');
    google.issuer = 'https://accounts.google.com';
  });

  it('signs up with GitHub using the primary verified email', async () => {
    await setUp();
    github.emails = [
      { email: 'old@example.com', primary: false, verified: true },
      { email: 'octo@example.com', primary: true, verified: true },
    ];
    const end = await runFlow(h.browser, `${APP_ORIGIN}/api/auth/oauth/gh/start`);
    expect(end.error).toBeNull();
    expect((await me(end.id)).json).toMatchObject({
      email: 'octo@example.com',
      full_name: 'Octo Cat',
      is_verified: true,
    });
    const identity = await h.t.rs.storage.oauthIdentities.findBySubject('gh', '4242');
    expect(identity?.email).toBe('octo@example.com');
  });

  it('ignores an unverified GitHub primary email (placeholder account)', async () => {
    await setUp();
    github.user = { id: 777, login: 'nomail' };
    github.emails = [{ email: 'unverified@example.com', primary: true, verified: false }];
    const end = await runFlow(h.browser, `${APP_ORIGIN}/api/auth/oauth/gh/start`);
    expect((await me(end.id)).json).toMatchObject({
      email: 'gh-777@oauth.invalid',
      is_verified: false,
    });
    github.user = { id: 4242, login: 'octo', name: 'Octo Cat' };
    github.emails = [{ email: 'octo@example.com', primary: true, verified: true }];
  });

  it('a refused GitHub code exchange is token_exchange_failed', async () => {
    await setUp('wrong-secret');
    const end = await runFlow(h.browser, `${APP_ORIGIN}/api/auth/oauth/gh/start`);
    expect(end.error).toBe('token_exchange_failed');
    github.complaints.length = 0;
  });

  it('lists both providers', async () => {
    await setUp();
    const { token } = await h.t.registerAndLogin();
    const res = await h.t.request('GET', '/api/auth/oauth/providers', { token });
    expect(res.json).toEqual({
      available: ['gh', 'google'],
      providers: [
        { name: 'gh', display_name: 'GitHub' },
        { name: 'google', display_name: 'Google' },
      ],
      linked: [],
    });
  });
});
