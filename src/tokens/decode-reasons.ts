/**
 * Texts after `Invalid token: ` in a 401 (Decision 19). Clients must not depend on them; they
 * follow PyJWT's wording where the reference produced one (spec §5.2: expiry and signature).
 */
export const DECODE_REASONS = {
  notAString: 'Invalid token type',
  tooLarge: 'Token is too large',
  notEnoughSegments: 'Not enough segments',
  tooManySegments: 'Too many segments',
  algorithmNotAllowed: 'The specified alg value is not allowed',
  invalidHeader: 'Invalid header',
  invalidPayloadEncoding: 'Invalid payload padding',
  badSignature: 'Signature verification failed',
  payloadNotObject: 'Invalid payload string: must be a json object',
  expired: 'Signature has expired',
  audienceUnexpected: 'Invalid audience',
  audienceMismatch: "Audience doesn't match",
  purposeMismatch: 'token purpose mismatch',
} as const;

export function missingClaim(name: string): string {
  return `Token is missing the "${name}" claim`;
}

export function invalidClaim(name: string, expected: string): string {
  return `Invalid "${name}" claim: must be ${expected}`;
}
