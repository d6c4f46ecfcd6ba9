import { MICROS_PER_SECOND } from '../ports/clock.js';

export const FIRST_RETRY_SECONDS = 5;
export const LONGEST_RETRY_SECONDS = 3600;

/**
 * Microseconds to wait after failed attempt number `attempts` (1 = the first): 5 s doubling
 * to at most an hour, then jittered down by up to half so that receivers coming back up are
 * not hit by every queued row at once. Never longer than the un-jittered step.
 */
export function retryDelayMicros(attempts: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 20);
  const step = Math.min(FIRST_RETRY_SECONDS * 2 ** exponent, LONGEST_RETRY_SECONDS);
  return Math.round(step * (1 - random() / 2) * MICROS_PER_SECOND);
}
