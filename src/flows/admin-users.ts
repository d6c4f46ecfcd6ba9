import { RegstackError } from '../errors/errors.js';
import { toPublicUser } from '../model/public-user.js';
import type { UserRecord } from '../model/user.js';
import { removeUser } from './delete-account.js';
import type { FlowDeps } from './deps.js';
import { issueVerification } from './register.js';

/*
 * The admin user routes (spec §6.21). Ids come straight from the URL; an id that no
 * backend could have assigned is "not found" without a query, because PostgreSQL rejects
 * a NUL byte in a parameter and that must not surface as a 500.
 */
const PLAUSIBLE_ID = /^[\w.-]{1,128}$/;

/** The user with this id, or `RegstackError('user_not_found')` for any other string. */
export async function getUserForAdmin(deps: FlowDeps, userId: string): Promise<UserRecord> {
  const user = PLAUSIBLE_ID.test(userId) ? await deps.storage.users.getById(userId) : null;
  if (!user) throw new RegstackError('user_not_found');
  return user;
}

export interface UserPage {
  readonly users: readonly UserRecord[];
  /** Every user, not just this page. */
  readonly total: number;
}

/** `GET /admin/users`: newest first; the bounds of `skip` and `limit` are checked by the route. */
export async function listUsers(
  deps: FlowDeps,
  page: { skip: number; limit: number; after?: string | undefined },
): Promise<UserPage> {
  // The cursor is a user id; its row gives the position, so the id alone is enough to page on.
  const cursor = page.after === undefined ? undefined : await getUserForAdmin(deps, page.after);
  const [users, total] = await Promise.all([
    deps.storage.users.listPaged({
      skip: page.skip,
      limit: page.limit,
      after: cursor && { createdAt: cursor.createdAt, id: cursor.id },
    }),
    deps.storage.users.count(),
  ]);
  return { users, total };
}

export interface AdminUserPatch {
  readonly isActive: boolean | null;
  readonly isSuperuser: boolean | null;
  readonly fullName: string | null;
}

/**
 * `PATCH /admin/users/{id}` (Decision 27): null leaves a field unchanged. Applied in the
 * spec's order; deactivating also revokes every session. No hooks fire.
 */
export async function updateUserAsAdmin(
  deps: FlowDeps,
  admin: UserRecord,
  userId: string,
  patch: AdminUserPatch,
): Promise<UserRecord> {
  const { users } = deps.storage;
  const user = await getUserForAdmin(deps, userId);
  if (patch.isActive === false) await users.deactivate(user.id);
  else if (patch.isActive === true) await users.setActive(user.id, true);
  if (patch.isSuperuser !== null) await users.setSuperuser(user.id, patch.isSuperuser);
  if (patch.fullName !== null) await users.setFullName(user.id, patch.fullName);
  const updated = await users.getById(user.id);
  if (!updated) throw new RegstackError('user_not_found');
  const fields = [
    patch.isActive === null ? null : 'is_active',
    patch.isSuperuser === null ? null : 'is_superuser',
    patch.fullName === null ? null : 'full_name',
  ].filter((field) => field !== null);
  await deps.audit.record({
    type: 'admin.user_updated',
    userId: user.id,
    actorId: admin.id,
    details: {
      fields: fields.join(','),
      ...(patch.isActive === null ? {} : { is_active: patch.isActive }),
      ...(patch.isSuperuser === null ? {} : { is_superuser: patch.isSuperuser }),
    },
  });
  return updated;
}

/** `DELETE /admin/users/{id}`: the same cascade as self-deletion (Decisions 22 and 23). */
export async function deleteUserAsAdmin(
  deps: FlowDeps,
  admin: UserRecord,
  userId: string,
): Promise<UserRecord> {
  const user = await getUserForAdmin(deps, userId);
  await removeUser(deps, user);
  await deps.audit.record({ type: 'admin.user_deleted', userId: user.id, actorId: admin.id });
  return user;
}

/**
 * `POST /admin/users/{id}/resend-verification`: a fresh pending row carrying the user's
 * current hash, null for a passwordless user (Decision 12); `/verify` then marks this
 * user verified rather than creating another (Decision 11).
 */
export async function resendVerificationAsAdmin(
  deps: FlowDeps,
  admin: UserRecord,
  userId: string,
): Promise<UserRecord> {
  const user = await getUserForAdmin(deps, userId);
  if (user.isVerified) throw new RegstackError('user_already_verified');
  await issueVerification(deps, {
    email: user.email,
    hashedPassword: user.hashedPassword,
    fullName: user.fullName,
  });
  await deps.audit.record({
    type: 'admin.verification_resent',
    userId: user.id,
    actorId: admin.id,
  });
  return user;
}

/**
 * `POST /admin/users/{id}/reset-mfa`: removes every second factor (the authenticator app,
 * the passkeys, the recovery codes, SMS two-factor with its number and outstanding codes), so a user who
 * lost them all can sign in with the password and enrol again. Audited by `admin_mfa_reset`.
 */
export async function resetMfaAsAdmin(
  deps: FlowDeps,
  admin: UserRecord,
  userId: string,
): Promise<UserRecord> {
  const user = await getUserForAdmin(deps, userId);
  const { storage } = deps;
  await storage.totpFactors.delete(user.id);
  await storage.recoveryCodes.deleteByUserId(user.id);
  await storage.passkeyCredentials.deleteByUserId(user.id);
  await storage.users.setPhoneAndMfa(user.id, null, false);
  await storage.mfaCodes.delete(user.id);
  const updated = (await storage.users.getById(user.id)) ?? {
    ...user,
    phoneNumber: null,
    isMfaEnabled: false,
  };
  await deps.audit.record({ type: 'admin.mfa_reset', userId: user.id, actorId: admin.id });
  await deps.hooks.fire('admin_mfa_reset', { user: toPublicUser(updated) });
  return updated;
}
