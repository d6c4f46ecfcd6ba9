import { describe, expect, it } from 'vitest';
import { expirySeconds, formatNumericDateMicros, numericDateToInstant } from './numeric-date.js';

const START = Date.UTC(2025, 0, 1) * 1000;

describe('formatNumericDateMicros', () => {
  it('always writes six decimals', () => {
    expect(formatNumericDateMicros(START)).toBe('1735689600.000000');
    expect(formatNumericDateMicros(START + 500_000)).toBe('1735689600.500000');
    expect(formatNumericDateMicros(START + 1)).toBe('1735689600.000001');
    expect(formatNumericDateMicros(START + 999_999)).toBe('1735689600.999999');
    expect(formatNumericDateMicros(0)).toBe('0.000000');
  });
});

describe('numericDateToInstant', () => {
  it('recovers every microsecond written by formatNumericDateMicros', () => {
    const edges = [
      0,
      1,
      999_999,
      START,
      START + 1,
      START + 999_999,
      2 ** 31 * 1e6 - 1, // 2038
      2 ** 32 * 1e6 - 1, // 2106
      2 ** 33 * 1e6 - 1, // 2242: the documented limit of exactness
    ];
    for (const instant of edges) {
      expect(numericDateToInstant(JSON.parse(formatNumericDateMicros(instant)))).toBe(instant);
    }
  });

  it('round-trips random instants up to the year 2242 through JSON', () => {
    const limit = 2 ** 33 * 1e6;
    for (let i = 0; i < 200_000; i++) {
      const instant = Math.floor(Math.random() * limit);
      const parsed: unknown = JSON.parse(`{"iat":${formatNumericDateMicros(instant)}}`);
      const iat = (parsed as { iat: number }).iat;
      if (numericDateToInstant(iat) !== instant) {
        expect.fail(`lost precision for ${instant}`);
      }
    }
  });

  it('round-trips every microsecond of one second of 2025', () => {
    for (let micros = 0; micros < 1_000_000; micros++) {
      const instant = START + micros;
      if (numericDateToInstant(Number(formatNumericDateMicros(instant))) !== instant) {
        expect.fail(`lost precision for ${instant}`);
      }
    }
  });

  it('reads integer and short-fraction NumericDates from other issuers', () => {
    expect(numericDateToInstant(1735689600)).toBe(START);
    expect(numericDateToInstant(1735689600.5)).toBe(START + 500_000);
    expect(numericDateToInstant(1735689600.123)).toBe(START + 123_000);
  });
});

describe('expirySeconds', () => {
  it('is floor(iat + ttl) in whole seconds', () => {
    expect(expirySeconds(START, 7200)).toBe(1735689600 + 7200);
    expect(expirySeconds(START + 999_999, 7200)).toBe(1735689600 + 7200);
    expect(expirySeconds(START + 500_000, 0.5)).toBe(1735689601);
    expect(expirySeconds(START + 499_999, 0.5)).toBe(1735689600);
  });
});
