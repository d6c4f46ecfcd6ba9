import * as oidc from 'openid-client';
import { isLoopbackHttpUrl } from '../config/oauth-providers.js';
import { OAuthIdTokenError, OAuthTokenExchangeError } from '../errors/errors.js';
import type { OAuthProvider, UserInfo } from './provider.js';

/*
 * GitHub: OAuth 2 (no OpenID Connect), authorization code with PKCE S256 on
 * `openid-client`, the user from `GET /user` and the email from `GET /user/emails` (the
 * primary address, and only when GitHub has verified it). GitHub issues no ID token, so
 * "verifying" means reading those two resources with the access token.
 */

export const GITHUB_AUTHORIZATION_ENDPOINT = 'https://github.com/login/oauth/authorize';
export const GITHUB_TOKEN_ENDPOINT = 'https://github.com/login/oauth/access_token';
export const GITHUB_API = 'https://api.github.com';
export const DEFAULT_GITHUB_SCOPES: readonly string[] = ['read:user', 'user:email'];

export interface GithubProviderOptions {
  readonly name: string;
  readonly displayName: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scopes: readonly string[];
  /** Seconds for each request to GitHub. @default 10 */
  readonly timeoutSeconds?: number | undefined;
  /** Tests only (and GitHub Enterprise): other endpoints; http only on loopback hosts. */
  readonly endpoints?:
    | {
        readonly authorization: string;
        readonly token: string;
        readonly api: string;
      }
    | undefined;
}

interface GithubEmail {
  readonly email?: unknown;
  readonly primary?: unknown;
  readonly verified?: unknown;
}

export function createGithubProvider(options: GithubProviderOptions): OAuthProvider {
  const timeout = options.timeoutSeconds ?? 10;
  const endpoints = options.endpoints ?? {
    authorization: GITHUB_AUTHORIZATION_ENDPOINT,
    token: GITHUB_TOKEN_ENDPOINT,
    api: GITHUB_API,
  };
  const api = endpoints.api.replace(/\/+$/, '');
  const config = new oidc.Configuration(
    {
      issuer: new URL(endpoints.authorization).origin,
      authorization_endpoint: endpoints.authorization,
      token_endpoint: endpoints.token,
    },
    options.clientId,
    options.clientSecret,
    oidc.ClientSecretPost(options.clientSecret),
  );
  config.timeout = timeout;
  if ([endpoints.authorization, endpoints.token, endpoints.api].every(isLoopbackHttpUrl)) {
    oidc.allowInsecureRequests(config);
  }

  async function get(path: string, accessToken: string): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${api}${path}`, {
        headers: {
          accept: 'application/vnd.github+json',
          authorization: `Bearer ${accessToken}`,
          'x-github-api-version': '2022-11-28',
          'user-agent': 'regstack',
        },
        signal: AbortSignal.timeout(timeout * 1000),
        redirect: 'manual',
      });
    } catch (error) {
      throw new OAuthIdTokenError(`GitHub ${path} request failed: ${String(error)}`, {
        cause: error,
      });
    }
    if (response.status !== 200) {
      throw new OAuthIdTokenError(`GitHub ${path} answered ${response.status}.`);
    }
    try {
      return (await response.json()) as unknown;
    } catch (error) {
      throw new OAuthIdTokenError(`GitHub ${path} is not JSON.`, { cause: error });
    }
  }

  return {
    name: options.name,
    displayName: options.displayName,

    async authorizationUrl(request) {
      return oidc.buildAuthorizationUrl(config, {
        redirect_uri: request.redirectUri,
        scope: options.scopes.join(' '),
        state: request.state,
        code_challenge: request.codeChallenge,
        code_challenge_method: 'S256',
      }).href;
    },

    async exchangeCode(exchange) {
      const currentUrl = new URL(exchange.redirectUri);
      currentUrl.search = exchange.callbackParams.toString();
      try {
        const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
          pkceCodeVerifier: exchange.codeVerifier,
          expectedState: exchange.callbackParams.get('state') ?? oidc.skipStateCheck,
        });
        return { accessToken: tokens.access_token, idToken: null, refreshToken: null };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new OAuthTokenExchangeError(`GitHub token exchange failed: ${message}`, {
          cause: error,
        });
      }
    },

    async verifyIdToken(tokens): Promise<UserInfo> {
      const user = await get('/user', tokens.accessToken);
      if (typeof user !== 'object' || user === null) {
        throw new OAuthIdTokenError('GitHub /user is not an object.');
      }
      const { id, name, avatar_url } = user as Record<string, unknown>;
      if (typeof id !== 'number' && typeof id !== 'string') {
        throw new OAuthIdTokenError('GitHub /user has no id.');
      }
      const emails = await get('/user/emails', tokens.accessToken);
      const primary = Array.isArray(emails)
        ? (emails as GithubEmail[]).find(
            (entry) => entry.primary === true && entry.verified === true,
          )
        : undefined;
      const email = typeof primary?.email === 'string' ? primary.email : null;
      return {
        subjectId: String(id),
        email,
        emailVerified: email !== null,
        fullName: typeof name === 'string' && name !== '' ? name : null,
        pictureUrl: typeof avatar_url === 'string' ? avatar_url : null,
      };
    },
  };
}
