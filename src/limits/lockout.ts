import { type Clock, type Instant, MICROS_PER_SECOND } from '../ports/clock.js';
import type { Lockout, LockoutStatus } from '../ports/lockout.js';
import type { LoginAttemptsRepo, RecentFailures } from '../ports/storage.js';
import { clientNetwork } from './client-network.js';

/*
 * Login lockout (spec §5.5 with Decision 17), kept in the shared database so every
 * instance counts the same failures. It is checked before the user lookup, so a locked
 * address costs no password hash.
 *
 * Failures are counted per account and client (an IPv4 address, or an IPv6 /64: see
 * `clientNetwork`): one client that guesses locks itself out of that account, not the
 * owner signing in from elsewhere (ASVS 6.3.1 asks that lockout not become a way to deny
 * a user). A much higher ceiling over every client together still stops a guesser who
 * spreads across many addresses. The attempt rows therefore record that client key.
 */

export interface LockoutOptions {
  readonly attempts: LoginAttemptsRepo;
  readonly clock: Clock;
  /** Failures from one client address that lock the account for that client. */
  readonly threshold: number;
  /** Failures from all clients together that lock the account for everyone. */
  readonly accountThreshold: number;
  readonly windowSeconds: number;
  /** `rate_limit_disabled`: never locked, nothing recorded; `clear` still runs. */
  readonly disabled: boolean;
}

const UNLOCKED: LockoutStatus = { locked: false, retryAfterSeconds: 0 };

export function createLockout(options: LockoutOptions): Lockout {
  const { attempts, clock, threshold, windowSeconds, disabled } = options;
  const accountThreshold = Math.max(options.accountThreshold, threshold);

  function lockedUntilOldestLeaves(oldest: Instant): LockoutStatus {
    const leavesAt = oldest + windowSeconds * MICROS_PER_SECOND;
    const remaining = Math.ceil((leavesAt - clock.now()) / MICROS_PER_SECOND);
    return { locked: true, retryAfterSeconds: Math.min(Math.max(remaining, 1), windowSeconds) };
  }

  function over(
    recent: RecentFailures,
    limit: number,
  ): recent is RecentFailures & {
    oldest: Instant;
  } {
    return recent.count >= limit && recent.oldest !== null;
  }

  return {
    async check(email, ip) {
      if (disabled) return UNLOCKED;
      const recent = await attempts.countRecentByClient(email, clientNetwork(ip), windowSeconds);
      if (over(recent.client, threshold)) return lockedUntilOldestLeaves(recent.client.oldest);
      if (over(recent.all, accountThreshold)) return lockedUntilOldestLeaves(recent.all.oldest);
      return UNLOCKED;
    },
    async recordFailure(email, ip) {
      if (disabled) return;
      await attempts.recordFailure(email, clientNetwork(ip));
    },
    async clear(email) {
      await attempts.clear(email);
    },
  };
}
