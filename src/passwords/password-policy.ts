/** Password length limits, in Unicode code points (spec §4.5: Python `len`). */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * Length in code points, as Python's `len` counts: a surrogate pair (an emoji) is one, a lone
 * surrogate is one too.
 */
export function codePointLength(s: string): number {
  let length = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length -= 1;
        i += 1;
      }
    }
  }
  return length;
}

/** 8 to 128 code points. Passwords are never trimmed or normalised (spec §4.5). */
export function isValidPassword(s: string): boolean {
  if (typeof s !== 'string') return false;
  const length = codePointLength(s);
  return length >= PASSWORD_MIN_LENGTH && length <= PASSWORD_MAX_LENGTH;
}
