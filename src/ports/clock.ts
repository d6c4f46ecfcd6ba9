/**
 * An instant in time: whole microseconds since the Unix epoch (UTC).
 * A JavaScript number holds these exactly until the year 2255, and microseconds
 * are what SQLite and PostgreSQL store, so `iat <= cutoff` stays exact (Decision 45).
 */
export type Instant = number;

/** The source of "now" for every timestamp and every time comparison. */
export interface Clock {
  /** The current instant, in microseconds since the epoch. */
  now(): Instant;
}

export const MICROS_PER_SECOND = 1_000_000;
export const MICROS_PER_MILLI = 1_000;
