/** The HMAC algorithms a regstack JWT may be signed with; exactly one is accepted per instance. */
export const JWT_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

/** The node:crypto digest behind each JWS algorithm (RFC 7518 §3.2). */
export const HMAC_DIGESTS: Readonly<Record<JwtAlgorithm, string>> = {
  HS256: 'sha256',
  HS384: 'sha384',
  HS512: 'sha512',
};

/** Length of the base64url signature segment: 32, 48 and 64 digest bytes, unpadded. */
export const SIGNATURE_LENGTHS: Readonly<Record<JwtAlgorithm, number>> = {
  HS256: 43,
  HS384: 64,
  HS512: 86,
};

export function isJwtAlgorithm(value: unknown): value is JwtAlgorithm {
  return typeof value === 'string' && (JWT_ALGORITHMS as readonly string[]).includes(value);
}

/**
 * The one header segment this instance writes and accepts. Pinning it byte for byte means
 * `alg: none`, algorithm swaps, `kid`/`jku`/`crit` tricks and any other header field are
 * refused before anything else is looked at.
 */
export function encodeHeader(algorithm: JwtAlgorithm): string {
  return Buffer.from(`{"alg":"${algorithm}","typ":"JWT"}`, 'utf8').toString('base64url');
}
