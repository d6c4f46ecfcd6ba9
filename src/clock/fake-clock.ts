import { type Clock, type Instant, MICROS_PER_SECOND } from '../ports/clock.js';

/** A clock that only moves when told to, for tests. */
export interface FakeClock extends Clock {
  /** Sets the current instant (microseconds since the epoch). */
  set(instant: Instant): void;
  /** Moves time forward by whole or fractional seconds. */
  advance(seconds: number): void;
  /** Moves time forward by microseconds. */
  advanceMicros(micros: number): void;
}

/** The spec's frozen test clock starts at 2025-01-01T00:00:00Z (§4.9). */
export const FAKE_CLOCK_START: Instant = Date.UTC(2025, 0, 1) * 1000;

export function createFakeClock(start: Instant = FAKE_CLOCK_START): FakeClock {
  let current = start;
  return {
    now: () => current,
    set(instant) {
      current = instant;
    },
    advance(seconds) {
      current += Math.round(seconds * MICROS_PER_SECOND);
    },
    advanceMicros(micros) {
      current += micros;
    },
  };
}
