import * as oidc from 'openid-client';
import { isLoopbackHttpUrl } from '../config/oauth-providers.js';
import { OAuthConfigError, OAuthIdTokenError, OAuthTokenExchangeError } from '../errors/errors.js';
import type { OAuthProvider, OAuthTokens, UserInfo } from './provider.js';
import { userInfoFromClaims } from './provider.js';

/*
 * Any OpenID Connect provider, by issuer URL, on `openid-client` (an OpenID-certified
 * relying party): discovery, PKCE S256, nonce, and the ID-token checks of OpenID Connect
 * Core §3.1.3.7 (`iss`, `aud`, `azp`, `exp`, `iat`, `nonce`). Its non-repudiation checks
 * are on, so the ID token's signature is verified against the issuer's JWKS too. The JWKS
 * is cached for five minutes; an unknown `kid` refetches it once (key rotation), so a
 * token signed with a key the issuer does not publish fails. An `http://` issuer is only
 * accepted on a loopback host.
 */

export interface OidcProviderOptions {
  readonly name: string;
  readonly displayName: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scopes: readonly string[];
  /** Seconds for each request to the provider (discovery, token, JWKS). @default 10 */
  readonly timeoutSeconds?: number | undefined;
}

const JWKS_MAX_AGE_SECONDS = 300;

export const DEFAULT_OIDC_SCOPES: readonly string[] = ['openid', 'email', 'profile'];

/** Failure codes of `oauth4webapi` that concern the ID token rather than the exchange. */
const ID_TOKEN_CODES: ReadonlySet<string> = new Set([
  'OAUTH_JWT_CLAIM_COMPARISON_FAILED',
  'OAUTH_JWT_TIMESTAMP_CHECK_FAILED',
  'OAUTH_KEY_SELECTION_FAILED',
  'OAUTH_UNSUPPORTED_OPERATION',
]);

/** A fetch that failed, with the URL it was for (so a JWKS failure is told from a token one). */
class FetchFailure extends Error {
  readonly url: string;
  constructor(url: string, cause: unknown) {
    super(`request to ${url} failed`, { cause });
    this.name = 'FetchFailure';
    this.url = url;
  }
}

const trackingFetch: oidc.CustomFetch = async (url, options) => {
  try {
    return await fetch(url, options);
  } catch (error) {
    throw new FetchFailure(url, error);
  }
};

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function failedUrl(error: unknown): string | undefined {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if (current instanceof FetchFailure) return current.url;
    if (current.cause instanceof Response) return current.cause.url;
  }
  return undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Sorts a failed code grant into a token-exchange or an ID-token error (spec §7.4 rows 6–7). */
export function classifyGrantError(error: unknown, jwksUri: string | undefined): Error {
  const code = errorCode(error);
  const message = describe(error);
  const url = failedUrl(error);
  const idToken =
    (code !== undefined && ID_TOKEN_CODES.has(code)) ||
    (code === 'OAUTH_INVALID_RESPONSE' && /JWT|ID Token/.test(message)) ||
    (jwksUri !== undefined && url === jwksUri);
  return idToken
    ? new OAuthIdTokenError(`ID token rejected: ${message}`, { cause: error })
    : new OAuthTokenExchangeError(`Token exchange failed: ${message}`, { cause: error });
}

export function createOidcProvider(options: OidcProviderOptions): OAuthProvider {
  const timeout = options.timeoutSeconds ?? 10;
  const insecure = isLoopbackHttpUrl(options.issuer);
  if (!insecure && !options.issuer.startsWith('https://')) {
    throw new OAuthConfigError(
      `OAuth provider '${options.name}': the issuer must be an https:// URL (http:// only on a loopback host).`,
    );
  }
  let pending: Promise<oidc.Configuration> | undefined;
  let keys: { jwks: oidc.ExportedJWKSCache['jwks']; fetchedAt: number } | undefined;

  async function discover(): Promise<oidc.Configuration> {
    const execute = insecure ? [oidc.allowInsecureRequests] : [];
    const configuration = await oidc.discovery(
      new URL(options.issuer),
      options.clientId,
      options.clientSecret,
      oidc.ClientSecretPost(options.clientSecret),
      { timeout, execute, [oidc.customFetch]: trackingFetch },
    );
    oidc.enableNonRepudiationChecks(configuration);
    return configuration;
  }

  /** Discovery once; a failed attempt is forgotten so that the next sign-in tries again. */
  function configuration(): Promise<oidc.Configuration> {
    pending ??= discover().catch((error: unknown) => {
      pending = undefined;
      throw new OAuthConfigError(
        `OAuth provider '${options.name}': discovery at ${options.issuer} failed: ${describe(error)}`,
        { cause: error },
      );
    });
    return pending;
  }

  /**
   * A configuration for one code grant, seeded with the cached JWKS. `openid-client`
   * refetches a cached set on an unknown `kid` only once it is a minute old; the seed is
   * marked that old, so a rotation is picked up by the first token signed with a new key.
   */
  function grantConfiguration(discovered: oidc.Configuration): {
    config: oidc.Configuration;
    seededAt: number | undefined;
  } {
    const config = new oidc.Configuration(
      { ...discovered.serverMetadata() },
      options.clientId,
      options.clientSecret,
      oidc.ClientSecretPost(options.clientSecret),
    );
    if (insecure) oidc.allowInsecureRequests(config);
    oidc.enableNonRepudiationChecks(config);
    config.timeout = timeout;
    config[oidc.customFetch] = trackingFetch;
    const now = Math.floor(Date.now() / 1000);
    if (keys === undefined || now - keys.fetchedAt >= JWKS_MAX_AGE_SECONDS) {
      return { config, seededAt: undefined };
    }
    const seededAt = now - 61;
    oidc.setJwksCache(config, { jwks: keys.jwks, uat: seededAt });
    return { config, seededAt };
  }

  /** Keeps the JWKS a grant downloaded (a first fetch, expiry, or a rotation). */
  function rememberKeys(config: oidc.Configuration, seededAt: number | undefined): void {
    const cache = oidc.getJwksCache(config);
    if (cache !== undefined && cache.uat !== seededAt) {
      keys = { jwks: cache.jwks, fetchedAt: cache.uat };
    }
  }

  return {
    name: options.name,
    displayName: options.displayName,

    async authorizationUrl(request) {
      const url = oidc.buildAuthorizationUrl(await configuration(), {
        redirect_uri: request.redirectUri,
        scope: options.scopes.join(' '),
        state: request.state,
        nonce: request.nonce,
        code_challenge: request.codeChallenge,
        code_challenge_method: 'S256',
      });
      return url.href;
    },

    async exchangeCode(exchange) {
      const { config, seededAt } = grantConfiguration(await configuration());
      const currentUrl = new URL(exchange.redirectUri);
      currentUrl.search = exchange.callbackParams.toString();
      try {
        const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
          pkceCodeVerifier: exchange.codeVerifier,
          expectedNonce: exchange.nonce,
          expectedState: exchange.callbackParams.get('state') ?? oidc.skipStateCheck,
          idTokenExpected: true,
        });
        const claims = tokens.claims();
        if (claims === undefined)
          throw new OAuthIdTokenError('The token response has no ID token.');
        const result: OAuthTokens = {
          accessToken: tokens.access_token,
          idToken: tokens.id_token ?? null,
          refreshToken: tokens.refresh_token ?? null,
          verifiedClaims: { ...claims },
        };
        return result;
      } catch (error) {
        if (error instanceof OAuthIdTokenError) throw error;
        throw classifyGrantError(error, config.serverMetadata().jwks_uri);
      } finally {
        rememberKeys(config, seededAt);
      }
    },

    async verifyIdToken(tokens, expectedNonce) {
      const claims = tokens.verifiedClaims;
      // The exchange verified signature and claims; what is left is what this library needs.
      if (claims === undefined || claims.nonce !== expectedNonce) {
        throw new OAuthIdTokenError('ID token was not verified during the exchange.');
      }
      const info: UserInfo = userInfoFromClaims(claims);
      if (info.subjectId === '') throw new OAuthIdTokenError('ID token has an empty "sub".');
      return info;
    },
  };
}
