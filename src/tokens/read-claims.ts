import type { Instant } from '../ports/clock.js';
import type { DecodeResult, TokenPurpose } from '../ports/tokens.js';
import { DECODE_REASONS, invalidClaim, missingClaim } from './decode-reasons.js';
import { numericDateToInstant } from './numeric-date.js';

/** The claim a purpose carries beyond the common ones (spec §4.2). */
export const EXTRA_CLAIM: Readonly<Partial<Record<TokenPurpose, 'new_email' | 'phone'>>> = {
  email_change: 'new_email',
  phone_setup: 'phone',
};

export interface ClaimRules {
  readonly purpose: TokenPurpose;
  readonly audience: string | null;
  readonly now: Instant;
}

function fail(reason: string): DecodeResult {
  return { ok: false, reason };
}

/**
 * Applies the claim rules of spec §4.2 (3–6) to a payload whose signature has already been
 * verified: required claims and their types, expiry on the injected clock, the audience rule
 * and the purpose. The JSON is parsed by the caller; anything but a plain object is refused.
 */
export function readClaims(payload: unknown, rules: ClaimRules): DecodeResult {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return fail(DECODE_REASONS.payloadNotObject);
  }
  const claims = payload as Record<string, unknown>;
  const { sub, exp, iat, jti, purpose } = claims;

  if (sub === undefined) return fail(missingClaim('sub'));
  if (exp === undefined) return fail(missingClaim('exp'));
  if (iat === undefined) return fail(missingClaim('iat'));
  if (jti === undefined) return fail(missingClaim('jti'));
  if (purpose === undefined) return fail(missingClaim('purpose'));
  if (typeof sub !== 'string') return fail(invalidClaim('sub', 'a string'));
  if (typeof exp !== 'number' || !Number.isFinite(exp))
    return fail(invalidClaim('exp', 'a number'));
  if (typeof iat !== 'number' || !Number.isFinite(iat))
    return fail(invalidClaim('iat', 'a number'));
  if (typeof jti !== 'string') return fail(invalidClaim('jti', 'a string'));

  const extraName = EXTRA_CLAIM[rules.purpose];
  const extra = extraName === undefined ? undefined : claims[extraName];
  if (extraName !== undefined) {
    if (extra === undefined) return fail(missingClaim(extraName));
    if (typeof extra !== 'string') return fail(invalidClaim(extraName, 'a string'));
  }

  const expiresAt = numericDateToInstant(exp);
  // Valid strictly before exp (§4.2 rule 6), on the injected clock, never the wall clock.
  if (rules.now >= expiresAt) return fail(DECODE_REASONS.expired);

  const aud = Object.hasOwn(claims, 'aud') ? claims.aud : undefined;
  if (rules.audience === null) {
    // A token minted for some audience must not be accepted by an instance that has none.
    if (Object.hasOwn(claims, 'aud')) return fail(DECODE_REASONS.audienceUnexpected);
  } else {
    if (aud === undefined) return fail(missingClaim('aud'));
    if (aud !== rules.audience) return fail(DECODE_REASONS.audienceMismatch);
  }

  if (purpose !== rules.purpose) return fail(DECODE_REASONS.purposeMismatch);

  const common = {
    sub,
    jti,
    iat: numericDateToInstant(iat),
    exp: expiresAt,
    purpose: rules.purpose,
    ...(rules.audience === null ? {} : { aud: rules.audience }),
  };
  if (typeof extra !== 'string') return { ok: true, claims: common };
  return {
    ok: true,
    claims:
      extraName === 'new_email' ? { ...common, new_email: extra } : { ...common, phone: extra },
  };
}
