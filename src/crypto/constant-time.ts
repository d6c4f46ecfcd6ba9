import { timingSafeEqual } from 'node:crypto';

/**
 * String equality whose time does not depend on where the strings differ, for comparing
 * secrets (code hashes, CSRF tokens). Only the lengths can leak, and for the hex digests and
 * fixed-size tokens compared here the length is public anyway.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  // UTF-8 is injective, so equal bytes mean equal strings (latin1 would fold code units).
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) {
    // Still do a full comparison so a length mismatch costs about as much as a content one.
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}
