import { randomBytes, randomInt } from 'node:crypto';

/** `bytes` CSPRNG bytes as URL-safe base64 without padding (16 → 22, 32 → 43, 64 → 86 chars). */
export function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/** A fresh JWT secret for `regstack init`: 64 random bytes, 86 characters (spec §4.1). */
export function generateSecret(): string {
  return randomToken(64);
}

// randomInt needs max - min < 2^48, so at most 14 decimal digits are drawn at a time.
const MAX_DIGITS_PER_DRAW = 14;

/**
 * A uniform random integer in [0, 10^length), zero-padded to `length` digits (spec §4.4).
 * `crypto.randomInt` rejects out-of-range draws instead of reducing modulo, so there is no
 * bias; independent uniform chunks concatenate to a uniform whole.
 */
export function randomNumericCode(length: number): string {
  if (!Number.isInteger(length) || length < 1) {
    throw new RangeError(`randomNumericCode: length must be a positive integer, got ${length}`);
  }
  let code = '';
  for (let remaining = length; remaining > 0; remaining -= MAX_DIGITS_PER_DRAW) {
    const digits = Math.min(remaining, MAX_DIGITS_PER_DRAW);
    code += randomInt(0, 10 ** digits)
      .toString()
      .padStart(digits, '0');
  }
  return code;
}
