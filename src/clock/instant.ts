import { type Instant, MICROS_PER_MILLI, MICROS_PER_SECOND } from '../ports/clock.js';

/** Instant from whole or fractional seconds since the epoch. */
export function instantFromSeconds(seconds: number): Instant {
  return Math.round(seconds * MICROS_PER_SECOND);
}

export function instantFromDate(date: Date): Instant {
  return date.getTime() * MICROS_PER_MILLI;
}

/** `YYYY-MM-DDTHH:MM:SS` plus `.ffffff` only when the fraction is non-zero. */
function isoParts(instant: Instant): { base: string; fraction: string } {
  const millis = Math.floor(instant / MICROS_PER_MILLI);
  const micros = instant - Math.floor(instant / MICROS_PER_SECOND) * MICROS_PER_SECOND;
  const base = new Date(millis).toISOString().slice(0, 19);
  const fraction = micros === 0 ? '' : `.${String(micros).padStart(6, '0')}`;
  return { base, fraction };
}

/** ISO-8601 with a `Z` suffix, as `UserPublic` datetimes (§3.2). */
export function formatIsoZ(instant: Instant): string {
  const { base, fraction } = isoParts(instant);
  return `${base}${fraction}Z`;
}

/** ISO-8601 with a `+00:00` offset, as `PendingResponse.expires_at` (§6.3). */
export function formatIsoOffset(instant: Instant): string {
  const { base, fraction } = isoParts(instant);
  return `${base}${fraction}+00:00`;
}
