import { randomUUID } from 'node:crypto';

/** A random UUID4 as 32 lowercase hex characters, the SQL id format (spec §4.7). */
export function newUuidHex(): string {
  return randomUUID().replaceAll('-', '');
}
