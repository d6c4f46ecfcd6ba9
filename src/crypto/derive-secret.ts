import { createHmac } from 'node:crypto';

/**
 * The per-purpose key: HMAC-SHA256(key = UTF-8 secret, message = UTF-8 purpose), the raw
 * 32-byte digest (spec §4.1). It keys HS256, HS384 and HS512 alike, so a token minted for one
 * purpose never verifies under another.
 */
export function deriveSecret(secret: string, purpose: string): Buffer {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(purpose, 'utf8').digest();
}
