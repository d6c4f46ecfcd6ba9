import { createHash } from 'node:crypto';

/** Lowercase hex SHA-256 of the UTF-8 string: how one-time tokens and codes are stored (§4.3, §4.4). */
export function sha256Hex(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}
