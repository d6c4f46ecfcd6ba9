/*
 * The provider abstraction of spec §7.1. A provider knows how to send a browser to its
 * sign-in page, turn the returned code into tokens, and vouch for the user those tokens
 * name. Everything else (state, PKCE values, accounts) belongs to the flows.
 */

/** The verified user a provider vouches for. */
export interface UserInfo {
  readonly subjectId: string;
  readonly email: string | null;
  readonly emailVerified: boolean;
  readonly fullName: string | null;
  readonly pictureUrl: string | null;
}

export interface AuthorizationRequest {
  readonly redirectUri: string;
  readonly state: string;
  readonly codeChallenge: string;
  readonly nonce: string;
}

export interface CodeExchange {
  readonly code: string;
  readonly redirectUri: string;
  readonly codeVerifier: string;
  /** The nonce the ID token must carry (OpenID providers check it during the exchange). */
  readonly nonce: string;
  /** Every query parameter the callback received (`code`, `state`, `iss`, ...). */
  readonly callbackParams: URLSearchParams;
}

export interface OAuthTokens {
  readonly accessToken: string;
  readonly idToken: string | null;
  readonly refreshToken: string | null;
  /** ID-token claims a client library has already verified during the exchange. */
  readonly verifiedClaims?: Readonly<Record<string, unknown>> | undefined;
}

/** One sign-in provider. Methods throw `OAuthTokenExchangeError` / `OAuthIdTokenError`. */
export interface OAuthProvider {
  /** Lowercase `[a-z0-9-]`: the URL path segment and `oauth_identities.provider`. */
  readonly name: string;
  /** The name people see on buttons. */
  readonly displayName: string;
  authorizationUrl(request: AuthorizationRequest): Promise<string>;
  exchangeCode(exchange: CodeExchange): Promise<OAuthTokens>;
  verifyIdToken(tokens: OAuthTokens, expectedNonce: string): Promise<UserInfo>;
}

/** Reads the optional profile claims the same way for every provider (spec §7.2 output rules). */
export function userInfoFromClaims(claims: Readonly<Record<string, unknown>>): UserInfo {
  const { sub, email, email_verified, name, picture } = claims;
  return {
    subjectId: typeof sub === 'string' ? sub : '',
    email: typeof email === 'string' ? email : null,
    emailVerified: email_verified === true || email_verified === 'true',
    fullName: typeof name === 'string' ? name : null,
    pictureUrl: typeof picture === 'string' ? picture : null,
  };
}
