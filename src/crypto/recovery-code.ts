import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const CODE_BYTES = 16; // 128 bits, above the 112 ASVS V6.5 asks of lookup secrets.
const GROUP = 4;

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** One recovery code: 16 random bytes in base32, grouped by four with dashes for reading aloud. */
export function newRecoveryCode(): string {
  const raw = base32(randomBytes(CODE_BYTES));
  const groups: string[] = [];
  for (let i = 0; i < raw.length; i += GROUP) groups.push(raw.slice(i, i + GROUP));
  return groups.join('-');
}

/**
 * The canonical form hashed for storage: users retype codes with spaces, dashes or in lower
 * case, none of which should make a valid code fail.
 */
export function normalizeRecoveryCode(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}
