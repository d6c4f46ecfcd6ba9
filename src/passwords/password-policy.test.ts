import { describe, expect, it } from 'vitest';
import { codePointLength, isValidPassword } from './password-policy.js';

describe('codePointLength', () => {
  it('counts code points as Python len does', () => {
    expect(codePointLength('')).toBe(0);
    expect(codePointLength('abc')).toBe(3);
    expect(codePointLength('é')).toBe(1);
    expect(codePointLength('e\u0301')).toBe(2); // combining accent: two code points
    expect(codePointLength('\u{1F600}')).toBe(1); // one emoji, two UTF-16 units
    expect(codePointLength('a\u{1F600}b\u{1F600}')).toBe(4);
    expect(codePointLength('\ud800')).toBe(1); // lone high surrogate
    expect(codePointLength('\udc00\ud800')).toBe(2); // reversed pair is two
  });
});

describe('isValidPassword', () => {
  it('accepts 8 to 128 code points', () => {
    expect(isValidPassword('a'.repeat(8))).toBe(true);
    expect(isValidPassword('a'.repeat(128))).toBe(true);
    expect(isValidPassword('\u{1F600}'.repeat(128))).toBe(true); // 256 UTF-16 units
  });

  it('refuses shorter and longer passwords', () => {
    expect(isValidPassword('a'.repeat(7))).toBe(false);
    expect(isValidPassword('a'.repeat(129))).toBe(false);
    expect(isValidPassword('\u{1F600}'.repeat(7))).toBe(false); // 14 UTF-16 units, 7 code points
  });

  it('does not trim: spaces count', () => {
    expect(isValidPassword('       a')).toBe(true);
    expect(isValidPassword('        ')).toBe(true);
  });
});
