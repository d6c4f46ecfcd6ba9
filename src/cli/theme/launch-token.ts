import { constantTimeEqual } from '../../crypto/constant-time.js';
import { randomToken } from '../../crypto/random.js';

/** The 401 body of the local tools (spec §12.5.1, §12.6.1). */
export const TOKEN_REFUSED = { detail: 'Missing or invalid wizard token.' } as const;

/** A fresh launch token: 32 random bytes, URL-safe. */
export function newLaunchToken(): string {
  return randomToken(32);
}

/** Compares a presented token with the launch token in constant time. */
export function tokenMatches(presented: string | undefined | null, token: string): boolean {
  return typeof presented === 'string' && constantTimeEqual(presented, token);
}
