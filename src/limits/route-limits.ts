import type { RegstackConfig } from '../config/schema.js';
import type { RateLimiter, RateLimitStore } from '../ports/rate-limiter.js';

/** The per-IP limits of the abuse-prone routes (Decision 10), by method and API path. */
export interface RouteLimit {
  readonly method: 'POST' | 'DELETE';
  readonly path: string;
  readonly limiters: readonly RateLimiter[];
}

/** Builds the limiters the configuration asks for; none when `rate_limit_disabled`. */
export async function createRouteLimits(
  config: RegstackConfig,
  store: RateLimitStore,
): Promise<RouteLimit[]> {
  if (config.rate_limit_disabled) return [];
  const perMinute = (name: string, points: number): Promise<RateLimiter> =>
    store.limiter(name, points, 60);
  const mfaConfirm = await perMinute('mfa_confirm', config.mfa_confirm_max_per_minute);
  // Every route that checks a signed-in user's password shares one budget per address, so
  // re-authentication cannot be used to keep the password hasher busy (see also the
  // per-account limit in account-limits.ts).
  const reauth = await perMinute('reauth', config.reauth_max_per_minute);
  // A passkey sign-in is a sign-in: it shares the password sign-in's budgets per address.
  // Its start is what is counted: each start stores a challenge, and each finish spends one.
  const signIn = [
    await perMinute('login_minute', config.login_max_per_minute),
    await store.limiter('login_hour', config.login_max_per_hour, 3600),
  ];
  return [
    { method: 'POST', path: '/login', limiters: signIn },
    { method: 'POST', path: '/passkeys/login/start', limiters: signIn },
    {
      method: 'POST',
      path: '/register',
      limiters: [await perMinute('register', config.register_max_per_minute)],
    },
    {
      method: 'POST',
      path: '/resend-verification',
      limiters: [await perMinute('resend_verification', config.resend_verification_max_per_minute)],
    },
    {
      method: 'POST',
      path: '/forgot-password',
      limiters: [await perMinute('forgot_password', config.forgot_password_max_per_minute)],
    },
    {
      method: 'POST',
      path: '/phone/start',
      limiters: [await perMinute('phone_start', config.phone_start_max_per_minute)],
    },
    { method: 'POST', path: '/login/mfa-confirm', limiters: [mfaConfirm] },
    { method: 'POST', path: '/login/mfa-passkey/start', limiters: [mfaConfirm] },
    { method: 'POST', path: '/phone/confirm', limiters: [mfaConfirm] },
    { method: 'POST', path: '/change-password', limiters: [reauth] },
    { method: 'POST', path: '/change-email', limiters: [reauth] },
    { method: 'DELETE', path: '/account', limiters: [reauth] },
    { method: 'DELETE', path: '/phone', limiters: [reauth] },
    { method: 'POST', path: '/totp/confirm', limiters: [reauth] },
    { method: 'POST', path: '/totp/disable', limiters: [reauth] },
    { method: 'POST', path: '/recovery-codes/regenerate', limiters: [reauth] },
  ];
}
