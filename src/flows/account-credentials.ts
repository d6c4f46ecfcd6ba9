import { RegstackError } from '../errors/errors.js';
import type { UserRecord } from '../model/user.js';
import type { FlowDeps } from './deps.js';

/**
 * Confirms the current password before an account change. An account created through
 * OAuth has none: it gets the no-password 400 (Decisions 14), never a crash.
 */
export async function requireCurrentPassword(
  deps: FlowDeps,
  user: UserRecord,
  password: string,
): Promise<string> {
  if (user.hashedPassword === null) throw new RegstackError('no_password_set');
  if (!(await deps.hasher.verify(password, user.hashedPassword))) {
    throw new RegstackError('current_password_incorrect');
  }
  return user.hashedPassword;
}
