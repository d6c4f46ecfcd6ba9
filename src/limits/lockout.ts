import { type Clock, MICROS_PER_SECOND } from '../ports/clock.js';
import type { Lockout, LockoutStatus } from '../ports/lockout.js';
import type { LoginAttemptsRepo } from '../ports/storage.js';

/*
 * Per-email login lockout (spec §5.5 with Decision 17), kept in the shared database so
 * every instance counts the same failures. It is checked before the user lookup, so a
 * locked address costs no password hash.
 */

export interface LockoutOptions {
  readonly attempts: LoginAttemptsRepo;
  readonly clock: Clock;
  readonly threshold: number;
  readonly windowSeconds: number;
  /** `rate_limit_disabled`: never locked, nothing recorded; `clear` still runs. */
  readonly disabled: boolean;
}

const UNLOCKED: LockoutStatus = { locked: false, retryAfterSeconds: 0 };

export function createLockout(options: LockoutOptions): Lockout {
  const { attempts, clock, threshold, windowSeconds, disabled } = options;
  return {
    async check(email) {
      if (disabled) return UNLOCKED;
      const recent = await attempts.countRecent(email, windowSeconds);
      if (recent.count < threshold || recent.oldest === null) return UNLOCKED;
      const leavesAt = recent.oldest + windowSeconds * MICROS_PER_SECOND;
      const remaining = Math.ceil((leavesAt - clock.now()) / MICROS_PER_SECOND);
      return { locked: true, retryAfterSeconds: Math.min(Math.max(remaining, 1), windowSeconds) };
    },
    async recordFailure(email, ip) {
      if (disabled) return;
      await attempts.recordFailure(email, ip);
    },
    async clear(email) {
      await attempts.clear(email);
    },
  };
}
