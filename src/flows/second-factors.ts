import type { TotpFactorRecord } from '../model/records.js';
import type { UserRecord } from '../model/user.js';
import { MICROS_PER_MILLI } from '../ports/clock.js';
import type { FlowDeps } from './deps.js';

/** The ways a user can pass the second step of a sign-in. */
export type SecondFactorMethod = 'sms' | 'totp' | 'passkey' | 'recovery_code';

export const SECOND_FACTOR_METHODS: readonly SecondFactorMethod[] = [
  'sms',
  'totp',
  'passkey',
  'recovery_code',
];

/** Whether SMS two-factor is on for the user (a number and the flag, as the SMS step needs). */
export function hasSmsFactor(user: UserRecord): boolean {
  return user.isMfaEnabled && user.phoneNumber !== null && user.phoneNumber !== '';
}

/** The user's authenticator app, if its enrolment was completed. */
export async function confirmedTotpFactor(
  deps: FlowDeps,
  userId: string,
): Promise<TotpFactorRecord | null> {
  const factor = await deps.storage.totpFactors.get(userId);
  return factor?.confirmedAt == null ? null : factor;
}

/** Whether the user has a confirmed authenticator app. */
export async function hasTotpFactor(deps: FlowDeps, userId: string): Promise<boolean> {
  return (await confirmedTotpFactor(deps, userId)) !== null;
}

/** Whether the user has registered a passkey. */
export async function hasPasskeyFactor(deps: FlowDeps, userId: string): Promise<boolean> {
  return (await deps.storage.passkeyCredentials.listForUser(userId)).length > 0;
}

/**
 * Whether the user has any second factor besides the ones being changed; `hasApp` saves
 * a read when the caller knows it.
 */
export async function hasAnySecondFactor(
  deps: FlowDeps,
  user: UserRecord,
  hasApp?: boolean,
): Promise<boolean> {
  if (hasSmsFactor(user)) return true;
  if (hasApp ?? (await hasTotpFactor(deps, user.id))) return true;
  return hasPasskeyFactor(deps, user.id);
}

/**
 * Recovery codes count only beside another factor: they recover a second factor, they are
 * not one on their own. `hasApp` is whether the user has a confirmed authenticator app.
 */
export async function recoveryCodesUsable(
  deps: FlowDeps,
  user: UserRecord,
  hasApp: boolean,
): Promise<boolean> {
  if (!(await hasAnySecondFactor(deps, user, hasApp))) return false;
  return (await deps.storage.recoveryCodes.countRemaining(user.id)) > 0;
}

/**
 * The methods the user has, in a stable order.
 *
 * The app's row is read even with `enable_totp` off: turning the feature off must not
 * turn an enrolled user's second factor off with it. One primary-key read beside an
 * argon2 verification is the price.
 */
export async function secondFactorMethods(
  deps: FlowDeps,
  user: UserRecord,
): Promise<SecondFactorMethod[]> {
  const methods: SecondFactorMethod[] = [];
  const hasApp = await hasTotpFactor(deps, user.id);
  if (hasSmsFactor(user)) methods.push('sms');
  if (hasApp) methods.push('totp');
  // Read with `enable_passkeys` off too, for the same reason as the app's row.
  if (await hasPasskeyFactor(deps, user.id)) methods.push('passkey');
  if (await recoveryCodesUsable(deps, user, hasApp)) methods.push('recovery_code');
  return methods;
}

/** "Now" in milliseconds, as RFC 6238 counts time steps. */
export function nowMillis(deps: FlowDeps): number {
  return Math.floor(deps.clock.now() / MICROS_PER_MILLI);
}
