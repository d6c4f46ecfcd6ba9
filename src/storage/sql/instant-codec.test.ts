import { describe, expect, it } from 'vitest';
import { POSTGRES_CODEC, readInstant, SQLITE_CODEC } from './instant-codec.js';

const ODD = Date.UTC(2025, 0, 2, 3, 4, 5) * 1000 + 678_901;

describe('instant codecs', () => {
  it('writes SQLite instants as fixed-width UTC text with microseconds', () => {
    expect(SQLITE_CODEC.instant(ODD)).toBe('2025-01-02 03:04:05.678901');
    expect(SQLITE_CODEC.instant(Date.UTC(2025, 0, 1) * 1000)).toBe('2025-01-01 00:00:00.000000');
  });

  it('writes PostgreSQL instants as ISO text with a +00:00 offset', () => {
    expect(POSTGRES_CODEC.instant(ODD)).toBe('2025-01-02T03:04:05.678901+00:00');
  });

  it('writes instants before 1970 with a positive fraction', () => {
    expect(SQLITE_CODEC.instant(-1)).toBe('1969-12-31 23:59:59.999999');
  });

  it.each([
    '2025-01-02 03:04:05.678901',
    '2025-01-02T03:04:05.678901Z',
    '2025-01-02 03:04:05.678901+00',
    '2025-01-02 05:04:05.678901+02',
    '2025-01-01 21:34:05.678901-05:30',
  ])('reads %s back to the same microsecond', (text) => {
    expect(readInstant(text)).toBe(ODD);
  });

  it('reads text without a fraction and a Date', () => {
    expect(readInstant('2025-01-02 03:04:05')).toBe(ODD - 678_901);
    expect(readInstant(new Date(Date.UTC(2025, 0, 2)))).toBe(Date.UTC(2025, 0, 2) * 1000);
  });

  it('rejects a fractional instant and unreadable text', () => {
    expect(() => SQLITE_CODEC.instant(1.5)).toThrow(TypeError);
    expect(() => readInstant('yesterday')).toThrow(TypeError);
  });
});
