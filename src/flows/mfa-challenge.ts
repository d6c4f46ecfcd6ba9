import { RegstackError } from '../errors/errors.js';
import { toPublicUser } from '../model/public-user.js';
import type { UserRecord } from '../model/user.js';
import { MICROS_PER_SECOND } from '../ports/clock.js';
import type { FlowDeps } from './deps.js';
import { sendSms } from './notify.js';

/**
 * The SMS step of a sign-in (spec §6.7 step 6): a fresh code replaces any outstanding one,
 * goes out by SMS, and a short-lived `login_mfa` token carries the sign-in to
 * `/login/mfa-confirm`. Lockout failures are not cleared and `last_login` is not set yet.
 */
export async function startLoginMfa(
  deps: FlowDeps,
  user: UserRecord,
  phone: string,
): Promise<{ mfaPendingToken: string; expiresIn: number }> {
  const { config } = deps;
  await refuseIfSmsCapReached(deps, user.id);
  const code = deps.random.numericCode(config.sms_code_length);
  const issued = deps.tokens.issue({ purpose: 'login_mfa', subject: user.id });
  await deps.storage.mfaCodes.put({
    userId: user.id,
    kind: 'login_mfa',
    codeHash: deps.hashSecret(boundCode(issued.claims.jti, code)),
    expiresAt: deps.clock.now() + config.sms_code_ttl_seconds * MICROS_PER_SECOND,
    maxAttempts: config.sms_code_max_attempts,
  });
  await sendSms(deps, 'login_mfa', phone, code);
  await deps.hooks.fire('mfa_login_started', { user: toPublicUser(user), code });
  return { mfaPendingToken: issued.token, expiresIn: config.mfa_pending_token_ttl_seconds };
}

/**
 * `sms_max_per_account_per_hour`: every code costs money and every sign-in sends one, so
 * codes per account are capped whatever the client address (SMS pumping, and a guesser
 * collecting fresh attempt budgets).
 */
export async function refuseIfSmsCapReached(deps: FlowDeps, userId: string): Promise<void> {
  const decision = await deps.accountLimits.smsCode(userId);
  if (!decision.allowed) {
    throw new RegstackError('rate_limited', { retryAfter: decision.retryAfterSeconds });
  }
}

/**
 * The stored hash covers the code together with the pending token it was sent for (and
 * any other value the code vouches for, such as a phone number), so a code only works
 * with its own token: a second sign-in's code cannot complete the first one.
 */
export function boundCode(jti: string, code: string, ...context: readonly string[]): string {
  return [jti, ...context, code].join(':');
}
