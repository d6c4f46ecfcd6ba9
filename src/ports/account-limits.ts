import type { RateDecision } from './rate-limiter.js';

/**
 * Limits counted per account or per recipient rather than per client address, for abuse
 * that a single signed-in user or a single target can cause from many addresses.
 */
export interface AccountLimits {
  /** One check of a signed-in user's current password. */
  reauth(userId: string): Promise<RateDecision>;
  /** One SMS code sent for this account (sign-in or phone setup). */
  smsCode(userId: string): Promise<RateDecision>;
  /** One email to this address. */
  emailTo(address: string): Promise<RateDecision>;
}
