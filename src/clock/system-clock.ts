import { performance } from 'node:perf_hooks';
import type { Clock, Instant } from '../ports/clock.js';

/**
 * Wall-clock time with microsecond resolution: `Date` gives milliseconds, so the
 * sub-millisecond part comes from the monotonic `performance.now()` anchored once to
 * the epoch. Readings never go backwards within a process.
 */
export function createSystemClock(): Clock {
  const originMicros = Math.round(performance.timeOrigin * 1000);
  let last = 0;
  return {
    now(): Instant {
      const reading = originMicros + Math.floor(performance.now() * 1000);
      last = reading > last ? reading : last + 1;
      return last;
    },
  };
}
