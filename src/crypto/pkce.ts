import { createHash } from 'node:crypto';

/** The PKCE `S256` challenge: URL-safe base64 (no padding) of SHA-256(verifier) (RFC 7636 §4.2). */
export function codeChallengeS256(verifier: string): string {
  // Verifiers are ASCII by RFC 7636, where UTF-8 and ASCII agree.
  return createHash('sha256').update(verifier, 'utf8').digest('base64url');
}
