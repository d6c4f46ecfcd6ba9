import { newRecoveryCode, normalizeRecoveryCode } from '../crypto/recovery-code.js';
import { RegstackError } from '../errors/errors.js';
import { toPublicUser } from '../model/public-user.js';
import type { UserRecord } from '../model/user.js';
import { requireCurrentPassword } from './account-credentials.js';
import type { FlowDeps } from './deps.js';
import { hasAnySecondFactor } from './second-factors.js';

/*
 * Recovery codes (issue 19): 128 random bits each, so a SHA-256 at rest is enough (ASVS
 * 6.5.2); the codes themselves are shown once, in the response that creates them.
 */

export const RECOVERY_CODE_COUNT = 10;

/** The stored form of a code as a user may retype it (any case, with or without dashes). */
export function recoveryCodeHash(deps: FlowDeps, code: string): string {
  return deps.hashSecret(normalizeRecoveryCode(code));
}

/** Replaces the user's codes with fresh ones and returns them, the only time they are seen. */
export async function issueRecoveryCodes(deps: FlowDeps, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await deps.storage.recoveryCodes.replace(
    userId,
    codes.map((code) => recoveryCodeHash(deps, code)),
  );
  return codes;
}

/**
 * Codes for a user whose first second factor was just enrolled, when `enable_totp` offers
 * them and the user has none yet (an earlier set is never replaced behind the user's back).
 */
export async function recoveryCodesForFirstFactor(
  deps: FlowDeps,
  userId: string,
): Promise<string[] | undefined> {
  if (!deps.config.enable_totp) return undefined;
  if (await deps.storage.recoveryCodes.exist(userId)) return undefined;
  return issueRecoveryCodes(deps, userId);
}

/** `GET /recovery-codes`: how many unused codes are left. */
export function remainingRecoveryCodes(deps: FlowDeps, user: UserRecord): Promise<number> {
  return deps.storage.recoveryCodes.countRemaining(user.id);
}

/** `POST /recovery-codes/regenerate`: the password, then a fresh set replacing every code. */
export async function regenerateRecoveryCodes(
  deps: FlowDeps,
  user: UserRecord,
  password: string,
  ip: string | null,
): Promise<string[]> {
  await requireCurrentPassword(deps, { user, password, ip });
  if (!(await hasAnySecondFactor(deps, user))) {
    throw new RegstackError('recovery_codes_need_factor');
  }
  const codes = await issueRecoveryCodes(deps, user.id);
  await deps.audit.record({ type: 'recovery_codes.regenerated', userId: user.id });
  await deps.hooks.fire('recovery_codes_regenerated', { user: toPublicUser(user) });
  return codes;
}
