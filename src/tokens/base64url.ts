const DASH = 0x2d;
const UNDERSCORE = 0x5f;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const UPPER_A = 0x41;
const UPPER_Z = 0x5a;
const LOWER_A = 0x61;
const LOWER_Z = 0x7a;

/**
 * True when `s` is unpadded base64url (RFC 4648 §5). Buffer's decoder silently skips foreign
 * characters, so segments are checked first; a plain loop, since this runs on every request.
 */
export function isBase64Url(s: string): boolean {
  // A lone trailing character carries fewer than 8 bits: no encoder produces it.
  if (s.length % 4 === 1) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok =
      (c >= LOWER_A && c <= LOWER_Z) ||
      (c >= UPPER_A && c <= UPPER_Z) ||
      (c >= DIGIT_0 && c <= DIGIT_9) ||
      c === DASH ||
      c === UNDERSCORE;
    if (!ok) return false;
  }
  return true;
}
