import type { Instant } from '../ports/clock.js';
import type { TokenPurpose } from '../ports/tokens.js';
import { formatNumericDateMicros } from './numeric-date.js';

export interface WireClaims {
  readonly sub: string;
  readonly jti: string;
  readonly iat: Instant;
  /** Whole seconds. */
  readonly exp: number;
  readonly purpose: TokenPurpose;
  readonly aud: string | null;
  readonly extra: { readonly name: 'new_email' | 'phone'; readonly value: string } | null;
}

/**
 * The payload JSON in the spec's claim order. Written by hand because `JSON.stringify` would
 * print `iat` as `1735689600.5`; the wire format is six decimals from the microsecond clock.
 */
export function writeClaims(claims: WireClaims): string {
  let json =
    `{"sub":${JSON.stringify(claims.sub)},"jti":${JSON.stringify(claims.jti)}` +
    `,"iat":${formatNumericDateMicros(claims.iat)},"exp":${claims.exp}` +
    `,"purpose":${JSON.stringify(claims.purpose)}`;
  if (claims.aud !== null) json += `,"aud":${JSON.stringify(claims.aud)}`;
  if (claims.extra !== null)
    json += `,"${claims.extra.name}":${JSON.stringify(claims.extra.value)}`;
  return `${json}}`;
}
