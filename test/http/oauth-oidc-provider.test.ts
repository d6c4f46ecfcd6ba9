import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeChallengeS256 } from '../../src/crypto/pkce.js';
import { randomToken } from '../../src/crypto/random.js';
import {
  OAuthConfigError,
  OAuthIdTokenError,
  OAuthTokenExchangeError,
} from '../../src/errors/errors.js';
import { createOidcProvider } from '../../src/oauth/oidc-provider.js';
import type { OAuthProvider } from '../../src/oauth/provider.js';
import { createOAuthRegistry } from '../../src/oauth/registry.js';
import { type OidcTestProvider, startOidcTestProvider } from '../support/oidc-test-provider.js';
import { createTestBrowser } from '../support/test-browser.js';

const REDIRECT = 'http://localhost:8000/api/auth/oauth/acme/callback';

describe('the generic OpenID Connect provider against a real OpenID Provider', () => {
  let op: OidcTestProvider;
  let acme: OAuthProvider;
  beforeAll(async () => {
    op = await startOidcTestProvider({ redirectUris: [REDIRECT] });
    acme = createOidcProvider({
      name: 'acme',
      displayName: 'Acme SSO',
      issuer: op.issuer,
      clientId: op.clientId,
      clientSecret: op.clientSecret,
      scopes: ['openid', 'email', 'profile'],
    });
  });
  afterAll(async () => {
    await op.close();
  });

  async function signIn(nonceForExchange?: string) {
    const verifier = randomToken(64);
    const nonce = randomToken(16);
    const state = randomToken(32);
    const url = await acme.authorizationUrl({
      redirectUri: REDIRECT,
      state,
      nonce,
      codeChallenge: codeChallengeS256(verifier),
    });
    const browser = createTestBrowser({
      appOrigin: 'http://localhost:8000',
      appFetch: async () => new Response('unexpected'),
    });
    const { url: callback } = await browser.follow(url, {
      stop: (next) => next.href.startsWith(REDIRECT),
    });
    expect(callback.searchParams.get('state')).toBe(state);
    const tokens = await acme.exchangeCode({
      code: callback.searchParams.get('code') ?? '',
      redirectUri: REDIRECT,
      codeVerifier: verifier,
      nonce: nonceForExchange ?? nonce,
      callbackParams: callback.searchParams,
    });
    return { tokens, nonce, url: new URL(url) };
  }

  it('builds an authorization URL with PKCE S256, nonce, state and the scopes', async () => {
    op.signInAs({ sub: 'u-1', email: 'u1@example.com', email_verified: true, name: 'U One' });
    const { url, tokens, nonce } = await signIn();
    expect(url.origin).toBe(op.issuer);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('scope')).toBe('openid email profile');
    expect(url.searchParams.get('client_id')).toBe(op.clientId);
    const info = await acme.verifyIdToken(tokens, nonce);
    expect(info).toEqual({
      subjectId: 'u-1',
      email: 'u1@example.com',
      emailVerified: true,
      fullName: 'U One',
      pictureUrl: null,
    });
  });

  it('refuses an ID token whose nonce is not the expected one', async () => {
    op.signInAs({ sub: 'u-2' });
    await expect(signIn('some-other-nonce')).rejects.toBeInstanceOf(OAuthIdTokenError);
  });

  it('a wrong code verifier is a token-exchange error', async () => {
    const verifier = randomToken(64);
    const url = await acme.authorizationUrl({
      redirectUri: REDIRECT,
      state: 's',
      nonce: 'n',
      codeChallenge: codeChallengeS256(verifier),
    });
    const browser = createTestBrowser({
      appOrigin: 'http://localhost:8000',
      appFetch: async () => new Response(''),
    });
    const { url: callback } = await browser.follow(url, {
      stop: (next) => next.href.startsWith(REDIRECT),
    });
    await expect(
      acme.exchangeCode({
        code: callback.searchParams.get('code') ?? '',
        redirectUri: REDIRECT,
        codeVerifier: randomToken(64),
        nonce: 'n',
        callbackParams: callback.searchParams,
      }),
    ).rejects.toBeInstanceOf(OAuthTokenExchangeError);
  });

  it('caches the JWKS, and follows a key rotation by refetching it once', async () => {
    op.signInAs({ sub: 'u-3' });
    await signIn();
    const fetched = op.jwksRequests();
    await signIn();
    expect(op.jwksRequests()).toBe(fetched);
    await op.rotateKeys();
    op.signInAs({ sub: 'u-3' });
    const { tokens, nonce } = await signIn();
    expect((await acme.verifyIdToken(tokens, nonce)).subjectId).toBe('u-3');
    expect(op.jwksRequests()).toBe(fetched + 1);
    await signIn();
    expect(op.jwksRequests()).toBe(fetched + 1);
  });

  it('an unreachable issuer is a configuration error, retried on the next use', async () => {
    const down = createOidcProvider({
      name: 'down',
      displayName: 'Down',
      issuer: 'http://127.0.0.1:9/',
      clientId: 'x',
      clientSecret: 'y',
      scopes: ['openid'],
    });
    const request = { redirectUri: REDIRECT, state: 's', nonce: 'n', codeChallenge: 'c' };
    await expect(down.authorizationUrl(request)).rejects.toBeInstanceOf(OAuthConfigError);
    await expect(down.authorizationUrl(request)).rejects.toBeInstanceOf(OAuthConfigError);
  });

  it('refuses a plain-http issuer that is not on a loopback host', () => {
    expect(() =>
      createOidcProvider({
        name: 'x',
        displayName: 'X',
        issuer: 'http://idp.example/',
        clientId: 'x',
        clientSecret: 'y',
        scopes: ['openid'],
      }),
    ).toThrow(OAuthConfigError);
  });
});

describe('the provider registry', () => {
  const fake = (name: string): OAuthProvider => ({
    name,
    displayName: name.toUpperCase(),
    authorizationUrl: async () => 'https://idp.example/auth',
    exchangeCode: async () => ({ accessToken: 'a', idToken: null, refreshToken: null }),
    verifyIdToken: async () => ({
      subjectId: 's',
      email: null,
      emailVerified: false,
      fullName: null,
      pictureUrl: null,
    }),
  });

  it('replaces same-name providers, sorts names and explains an unknown one', () => {
    const registry = createOAuthRegistry([fake('zeta'), fake('acme')]);
    const second = fake('acme');
    registry.register(second);
    expect(registry.names()).toEqual(['acme', 'zeta']);
    expect(registry.get('acme')).toBe(second);
    expect(registry.has('zeta')).toBe(true);
    expect(registry.has('nope')).toBe(false);
    expect(() => registry.get('nope')).toThrow(
      "OAuth provider 'nope' is not configured. Did you set the matching client_id / client_secret in OAuthConfig?",
    );
  });
});
