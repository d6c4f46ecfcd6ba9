import { RegstackError } from '../errors/errors.js';
import { toPublicUser } from '../model/public-user.js';
import type { UserRecord } from '../model/user.js';
import { MICROS_PER_SECOND } from '../ports/clock.js';
import type { FlowDeps } from './deps.js';
import { sendSms } from './notify.js';
import { type SecondFactorMethod, secondFactorMethods } from './second-factors.js';

/**
 * The SMS step of a sign-in (spec §6.7 step 6): a fresh code replaces any outstanding one,
 * goes out by SMS, and a short-lived `login_mfa` token carries the sign-in to
 * `/login/mfa-confirm`. Lockout failures are not cleared and `last_login` is not set yet.
 */
export async function startLoginMfa(
  deps: FlowDeps,
  user: UserRecord,
  phone: string,
): Promise<{ mfaPendingToken: string; expiresIn: number; jti: string }> {
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
  return {
    mfaPendingToken: issued.token,
    expiresIn: config.mfa_pending_token_ttl_seconds,
    jti: issued.claims.jti,
  };
}

export interface SignInChallenge {
  readonly mfaPendingToken: string;
  readonly expiresIn: number;
  /**
   * `sms` when a code was texted, else `totp` for a user with an app, else `passkey`: what
   * the client should ask for first.
   */
  readonly delivery: 'sms' | 'totp' | 'passkey';
  readonly methods: readonly SecondFactorMethod[];
}

/**
 * The second step of a sign-in for a user with any second factor, or null for a user with
 * none. A user with SMS two-factor is texted a code as before; the authenticator app and
 * recovery codes share one attempt budget per pending token, a `login_factor` row bound
 * to the token's jti like an SMS code is.
 */
export async function startSignInChallenge(
  deps: FlowDeps,
  user: UserRecord,
): Promise<SignInChallenge | null> {
  const { config } = deps;
  const methods = await secondFactorMethods(deps, user);
  if (methods.length === 0) return null;
  let pending: { mfaPendingToken: string; expiresIn: number; jti: string };
  if (methods.includes('sms') && user.phoneNumber !== null) {
    pending = await startLoginMfa(deps, user, user.phoneNumber);
  } else {
    const issued = deps.tokens.issue({ purpose: 'login_mfa', subject: user.id });
    pending = {
      mfaPendingToken: issued.token,
      expiresIn: config.mfa_pending_token_ttl_seconds,
      jti: issued.claims.jti,
    };
  }
  if (methods.some((method) => method !== 'sms')) {
    await deps.storage.mfaCodes.put({
      userId: user.id,
      kind: 'login_factor',
      codeHash: deps.hashSecret(factorBudgetMark(pending.jti)),
      expiresAt: deps.clock.now() + config.mfa_pending_token_ttl_seconds * MICROS_PER_SECOND,
      maxAttempts: config.sms_code_max_attempts,
    });
  }
  const delivery = methods.includes('sms') ? 'sms' : methods.includes('totp') ? 'totp' : 'passkey';
  await deps.audit.record({
    type: 'mfa.challenge_sent',
    userId: user.id,
    details: { delivery, methods: methods.join(',') },
  });
  return {
    mfaPendingToken: pending.mfaPendingToken,
    expiresIn: pending.expiresIn,
    delivery,
    methods,
  };
}

/**
 * What the `login_factor` row's hash covers: the pending token alone. No code a client
 * sends is hashed into this form (codes go into `boundCode(jti, code)` under other kinds),
 * so the mark cannot be guessed into a match.
 */
export function factorBudgetMark(jti: string): string {
  return boundCode(jti, 'login_factor');
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
