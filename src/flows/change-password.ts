import { RegstackError } from '../errors/errors.js';
import { toPublicUser } from '../model/public-user.js';
import type { UserRecord } from '../model/user.js';
import { requireCurrentPassword } from './account-credentials.js';
import type { FlowDeps } from './deps.js';

/**
 * `POST /change-password` (spec §6.12): every existing session, the caller's included,
 * ends because `tokens_invalidated_after` moves to now.
 */
export async function changePassword(
  deps: FlowDeps,
  user: UserRecord,
  input: { currentPassword: string; newPassword: string; ip: string | null },
): Promise<void> {
  const currentHash = await requireCurrentPassword(deps, {
    user,
    password: input.currentPassword,
    ip: input.ip,
  });
  if (await deps.hasher.verify(input.newPassword, currentHash)) {
    throw new RegstackError('password_must_differ');
  }
  const hashedPassword = await deps.hasher.hash(input.newPassword);
  await deps.storage.users.updatePassword(user.id, hashedPassword);
  await deps.lockout.clear(user.email);
  await deps.audit.record({ type: 'password.changed', userId: user.id });
  const updated = (await deps.storage.users.getById(user.id)) ?? user;
  await deps.hooks.fire('password_changed', { user: toPublicUser(updated) });
}
