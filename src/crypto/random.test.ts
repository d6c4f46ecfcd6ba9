import { describe, expect, it } from 'vitest';
import { generateSecret, randomNumericCode, randomToken } from './random.js';

const BASE64URL = /^[A-Za-z0-9_-]+$/;

describe('randomToken', () => {
  it.each([
    [16, 22],
    [32, 43],
    [64, 86],
  ])('encodes %i bytes as %i URL-safe characters without padding', (bytes, chars) => {
    const token = randomToken(bytes);
    expect(token).toHaveLength(chars);
    expect(token).toMatch(BASE64URL);
    expect(Buffer.from(token, 'base64url')).toHaveLength(bytes);
  });

  it('does not repeat', () => {
    const seen = new Set(Array.from({ length: 1000 }, () => randomToken(16)));
    expect(seen.size).toBe(1000);
  });
});

describe('generateSecret', () => {
  it('is 64 random bytes, 86 characters', () => {
    const secret = generateSecret();
    expect(secret).toHaveLength(86);
    expect(secret).toMatch(BASE64URL);
    expect(generateSecret()).not.toBe(secret);
  });
});

describe('randomNumericCode', () => {
  it.each([1, 4, 6, 10, 14, 15, 20, 32])('gives exactly %i digits', (length) => {
    for (let i = 0; i < 50; i++) {
      const code = randomNumericCode(length);
      expect(code).toHaveLength(length);
      expect(code).toMatch(/^[0-9]+$/);
    }
  });

  it('keeps leading zeros', () => {
    // P(no code starting with 0 in 2000 draws) = 0.9^2000, effectively never.
    const codes = Array.from({ length: 2000 }, () => randomNumericCode(6));
    expect(codes.some((code) => code.startsWith('0'))).toBe(true);
  });

  it('spreads single digits evenly (chi-square, 9 degrees of freedom)', () => {
    const draws = 20_000;
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < draws; i++) {
      const digit = Number(randomNumericCode(1));
      counts[digit] = (counts[digit] ?? 0) + 1;
    }
    const expected = draws / 10;
    const chi2 = counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
    // 9 degrees of freedom: P(chi2 > 33.7) < 1e-4, so this fails only on real bias.
    expect(chi2).toBeLessThan(33.7);
  });

  it('rejects lengths that are not positive integers', () => {
    expect(() => randomNumericCode(0)).toThrow(RangeError);
    expect(() => randomNumericCode(-1)).toThrow(RangeError);
    expect(() => randomNumericCode(2.5)).toThrow(RangeError);
  });
});
