import { RegstackError } from '../errors/errors.js';
import type { UserRecord } from '../model/user.js';
import type { FlowDeps } from './deps.js';
import { refuseIfLocked } from './lockout-gate.js';

/** A signed-in user's request to prove, with the current password, that it is still them. */
export interface Reauthentication {
  readonly user: UserRecord;
  readonly password: string;
  readonly ip: string | null;
}

/**
 * Confirms the current password before an account change. An account created through
 * OAuth has none: it gets the no-password 400 (Decisions 14), never a crash.
 *
 * A signed-in session is not proof of knowing the password (a stolen session is the case
 * this check exists for), so a wrong password here counts toward the account's lockout
 * like a wrong password at sign-in, and the checks per account are limited before any
 * hash runs: one user's session cannot guess, nor keep the hasher busy for everyone.
 */
export async function requireCurrentPassword(
  deps: FlowDeps,
  attempt: Reauthentication,
): Promise<string> {
  const { user, password, ip } = attempt;
  if (user.hashedPassword === null) throw new RegstackError('no_password_set');
  await refuseIfLocked(deps, user.email, ip);
  const decision = await deps.accountLimits.reauth(user.id);
  if (!decision.allowed) {
    throw new RegstackError('rate_limited', { retryAfter: decision.retryAfterSeconds });
  }
  if (!(await deps.hasher.verify(password, user.hashedPassword))) {
    await deps.lockout.recordFailure(user.email, ip);
    throw new RegstackError('current_password_incorrect');
  }
  return user.hashedPassword;
}
