import { randomBytes } from 'node:crypto';
import type { Clock, Instant } from '../ports/clock.js';

/**
 * `webhook-id`s that sort in the order they were made: `msg_`, the instant as 14 hex digits
 * (strictly increasing within the process, even when the clock stands still), then 16 random
 * hex digits so that two instances never make the same id.
 */
export function createDeliveryIds(clock: Clock): () => string {
  let last: Instant = 0;
  return () => {
    last = Math.max(clock.now(), last + 1);
    return `msg_${last.toString(16).padStart(14, '0')}${randomBytes(8).toString('hex')}`;
  };
}
