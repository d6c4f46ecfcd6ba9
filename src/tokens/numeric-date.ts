import { type Instant, MICROS_PER_SECOND } from '../ports/clock.js';

/**
 * An instant as a JWT NumericDate with exactly six decimals, e.g. `1735689600.500000`
 * (Decisions 32 and 45). Built from integers, so no float formatting can lose a microsecond.
 */
export function formatNumericDateMicros(instant: Instant): string {
  const seconds = Math.floor(instant / MICROS_PER_SECOND);
  const micros = instant - seconds * MICROS_PER_SECOND;
  return `${seconds}.${micros.toString().padStart(6, '0')}`;
}

/**
 * A NumericDate (seconds, possibly fractional) as an instant. The whole seconds and the
 * fraction are converted apart: `floor` and the subtraction are exact in binary floating point,
 * so the only error is the parse of the decimal fraction (under 0.12 µs until the year 2242),
 * and rounding recovers the microsecond written by `formatNumericDateMicros` exactly.
 */
export function numericDateToInstant(seconds: number): Instant {
  const whole = Math.floor(seconds);
  return whole * MICROS_PER_SECOND + Math.round((seconds - whole) * MICROS_PER_SECOND);
}

/** `exp` = floor(iat + ttl) in whole seconds (spec §4.2), computed on integers. */
export function expirySeconds(issuedAt: Instant, ttlSeconds: number): number {
  return Math.floor((issuedAt + Math.round(ttlSeconds * MICROS_PER_SECOND)) / MICROS_PER_SECOND);
}
