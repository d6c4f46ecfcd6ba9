import { RegstackError } from '../errors/errors.js';
import { toPublicUser } from '../model/public-user.js';
import type { UserRecord } from '../model/user.js';
import { requireCurrentPassword } from './account-credentials.js';
import type { FlowDeps } from './deps.js';

/**
 * Removes a user and everything keyed to them (Decisions 22 and 23): OAuth identities, the
 * pending registration of the address, SMS codes, second factors, lockout rows. Pending email-change
 * links die with the account: their token names a user that no longer exists.
 * Shared by self-deletion and the admin route.
 */
export async function removeUser(deps: FlowDeps, user: UserRecord): Promise<void> {
  const { storage } = deps;
  await storage.oauthIdentities.deleteByUserId(user.id);
  await storage.mfaCodes.delete(user.id);
  await storage.userSessions.deleteByUserId(user.id);
  await storage.totpFactors.delete(user.id);
  await storage.recoveryCodes.deleteByUserId(user.id);
  await storage.passkeyCredentials.deleteByUserId(user.id);
  await storage.users.delete(user.id);
  await storage.pending.deleteByEmail(user.email);
  await deps.lockout.clear(user.email);
  await deps.hooks.fire('user_deleted', { user: toPublicUser(user) });
}

/** `DELETE /account` (spec §6.15): the flag is checked after authentication and validation. */
export async function deleteOwnAccount(
  deps: FlowDeps,
  user: UserRecord,
  currentPassword: string,
  ip: string | null,
): Promise<void> {
  if (!deps.config.enable_account_deletion) throw new RegstackError('account_deletion_disabled');
  await requireCurrentPassword(deps, { user, password: currentPassword, ip });
  await removeUser(deps, user);
  await deps.audit.record({ type: 'account.deleted', userId: user.id });
}
