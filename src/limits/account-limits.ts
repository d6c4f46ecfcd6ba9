import type { RegstackConfig } from '../config/schema.js';
import { sha256Hex } from '../crypto/hash.js';
import type { AccountLimits } from '../ports/account-limits.js';
import type { RateDecision, RateLimitStore } from '../ports/rate-limiter.js';

const ALLOWED: RateDecision = { allowed: true };

/** Builds the per-account and per-recipient limiters; none when `rate_limit_disabled`. */
export async function createAccountLimits(
  config: RegstackConfig,
  store: RateLimitStore,
): Promise<AccountLimits> {
  if (config.rate_limit_disabled) {
    return {
      reauth: async () => ALLOWED,
      smsCode: async () => ALLOWED,
      emailTo: async () => ALLOWED,
    };
  }
  const reauth = await store.limiter('reauth_account', config.reauth_account_max_per_minute, 60);
  const sms = await store.limiter('sms_account', config.sms_max_per_account_per_hour, 3600);
  const email = await store.limiter(
    'email_recipient',
    config.email_max_per_recipient_per_hour,
    3600,
  );
  return {
    reauth: (userId) => reauth.hit(userId),
    smsCode: (userId) => sms.hit(userId),
    // The store (Redis, a shared table) holds a digest of the address, not the address.
    emailTo: (address) => email.hit(sha256Hex(address.toLowerCase())),
  };
}
