import type { Instant } from './clock.js';

export const TOKEN_PURPOSES = [
  'session',
  'password_reset',
  'email_change',
  'phone_setup',
  'login_mfa',
] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

/** The verified claims of a regstack JWT (spec §4.2). Times are instants (µs). */
export interface TokenClaims {
  readonly sub: string;
  readonly jti: string;
  /** Issue instant; on the wire a float NumericDate with 6 decimals. */
  readonly iat: Instant;
  /** Expiry instant; on the wire an integer NumericDate, `floor(iat + ttl)`. */
  readonly exp: Instant;
  readonly purpose: TokenPurpose;
  readonly aud?: string | undefined;
  /** email_change tokens only. */
  readonly new_email?: string | undefined;
  /** phone_setup tokens only. */
  readonly phone?: string | undefined;
}

export interface IssueTokenOptions {
  readonly purpose: TokenPurpose;
  readonly subject: string;
  /** Defaults to the configured TTL of the purpose. */
  readonly ttlSeconds?: number | undefined;
  readonly extra?: { readonly new_email?: string; readonly phone?: string } | undefined;
}

export interface IssuedToken {
  readonly token: string;
  readonly claims: TokenClaims;
}

export type DecodeResult =
  | { readonly ok: true; readonly claims: TokenClaims }
  | { readonly ok: false; readonly reason: string };

/** Mints and checks regstack JWTs, one derived key per purpose, against the injected clock. */
export interface TokenCodec {
  issue(options: IssueTokenOptions): IssuedToken;
  /** Never throws for a bad token: the reason text is for `Invalid token: <reason>` (Decision 19). */
  decode(token: string, purpose: TokenPurpose): DecodeResult;
}
