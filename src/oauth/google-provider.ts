import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import { OAuthConfigError, OAuthIdTokenError, OAuthTokenExchangeError } from '../errors/errors.js';
import type { OAuthProvider, OAuthTokens } from './provider.js';
import { userInfoFromClaims } from './provider.js';

/*
 * Google, exactly as spec §7.2 with Decision 25. Google's endpoints are fixed, and its ID
 * tokens may carry either spelling of its issuer, which `openid-client` (one issuer per
 * server) cannot accept; so this provider speaks the two requests itself and leaves the
 * ID-token checks to `jose`: RS256 only, the JWKS cached and refetched on an unknown `kid`.
 */

export const GOOGLE_ISSUER = 'https://accounts.google.com';
export const GOOGLE_AUTHORIZATION_ENDPOINT = 'https://accounts.google.com/o/oauth2/v2/auth';
export const GOOGLE_TOKEN_ENDPOINT = 'https://oauth2.googleapis.com/token';
export const GOOGLE_JWKS_URL = 'https://www.googleapis.com/oauth2/v3/certs';
const GOOGLE_ISSUERS = [GOOGLE_ISSUER, 'accounts.google.com'];
const SCOPES = ['openid', 'email', 'profile'];
const TIMEOUT_MS = 10_000;

export interface GoogleProviderOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Tests only: a local stand-in for Google's endpoints. */
  readonly endpoints?:
    | {
        readonly authorization?: string | undefined;
        readonly token?: string | undefined;
        readonly jwks?: string | undefined;
        /** Accepted in place of Google's issuers. */
        readonly issuer?: string | undefined;
      }
    | undefined;
}

function field(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '') {
    throw new OAuthTokenExchangeError(`Google token response has no ${name}.`);
  }
  return value;
}

export function createGoogleProvider(options: GoogleProviderOptions): OAuthProvider {
  if (options.clientId === '') throw new OAuthConfigError('GoogleProvider: client_id is required');
  if (options.clientSecret === '') {
    throw new OAuthConfigError('GoogleProvider: client_secret is required');
  }
  const endpoints = options.endpoints ?? {};
  const tokenEndpoint = endpoints.token ?? GOOGLE_TOKEN_ENDPOINT;
  const issuers = endpoints.issuer === undefined ? GOOGLE_ISSUERS : [endpoints.issuer];
  const jwks = createRemoteJWKSet(new URL(endpoints.jwks ?? GOOGLE_JWKS_URL), {
    timeoutDuration: TIMEOUT_MS,
    cooldownDuration: 0,
  });

  return {
    name: 'google',
    displayName: 'Google',

    async authorizationUrl(request) {
      const params = new URLSearchParams([
        ['response_type', 'code'],
        ['client_id', options.clientId],
        ['redirect_uri', request.redirectUri],
        ['scope', SCOPES.join(' ')],
        ['state', request.state],
        ['code_challenge', request.codeChallenge],
        ['code_challenge_method', 'S256'],
        ['nonce', request.nonce],
        ['prompt', 'select_account'],
        ['access_type', 'online'],
      ]);
      return `${endpoints.authorization ?? GOOGLE_AUTHORIZATION_ENDPOINT}?${params.toString()}`;
    },

    async exchangeCode(exchange): Promise<OAuthTokens> {
      let response: Response;
      try {
        response = await fetch(tokenEndpoint, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
          },
          body: new URLSearchParams([
            ['code', exchange.code],
            ['client_id', options.clientId],
            ['client_secret', options.clientSecret],
            ['redirect_uri', exchange.redirectUri],
            ['grant_type', 'authorization_code'],
            ['code_verifier', exchange.codeVerifier],
          ]),
          signal: AbortSignal.timeout(TIMEOUT_MS),
          redirect: 'manual',
        });
      } catch (error) {
        throw new OAuthTokenExchangeError(`Google token request failed: ${String(error)}`, {
          cause: error,
        });
      }
      const text = await response.text();
      if (response.status !== 200) {
        throw new OAuthTokenExchangeError(
          `Google token endpoint answered ${response.status}: ${text.slice(0, 500)}`,
        );
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        throw new OAuthTokenExchangeError('Google token response is not JSON.');
      }
      const refresh = body.refresh_token;
      return {
        accessToken: field(body, 'access_token'),
        idToken: field(body, 'id_token'),
        refreshToken: typeof refresh === 'string' ? refresh : null,
      };
    },

    async verifyIdToken(tokens, expectedNonce) {
      if (tokens.idToken === null) throw new OAuthIdTokenError('No ID token.');
      let claims: Record<string, unknown>;
      try {
        ({ payload: claims } = await jwtVerify(tokens.idToken, jwks, {
          algorithms: ['RS256'],
          audience: options.clientId,
          issuer: issuers,
          requiredClaims: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce'],
        }));
      } catch (error) {
        const reason = error instanceof joseErrors.JOSEError ? error.code : String(error);
        throw new OAuthIdTokenError(`Google ID token rejected: ${reason}`, { cause: error });
      }
      if (claims.nonce !== expectedNonce) throw new OAuthIdTokenError('ID token nonce mismatch.');
      const info = userInfoFromClaims(claims);
      if (info.subjectId === '') throw new OAuthIdTokenError('ID token has an empty "sub".');
      return info;
    },
  };
}
