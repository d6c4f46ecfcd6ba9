import { DuplicateEmailError } from '../errors/errors.js';
import { toPublicUser } from '../model/public-user.js';
import type { UserRecord } from '../model/user.js';
import type { FlowDeps } from './deps.js';

export interface BootstrapAdminOptions {
  /**
   * Also re-enable an existing account that is disabled. The embedding API leaves the active
   * flag alone (spec §13.3); `regstack create-admin` sets this, because an operator who names
   * an account as the administrator means it to sign in, and a promoted account that still
   * cannot log in looks like a broken command (issue 21, item 10).
   */
  readonly reactivate?: boolean | undefined;
}

export interface BootstrapAdminResult {
  readonly user: UserRecord;
  readonly created: boolean;
  /** True when a disabled existing account was re-enabled (only with `reactivate`). */
  readonly reactivated: boolean;
}

/**
 * `bootstrap_admin` (spec §13.3, Decision 26): promotes an existing account (its password,
 * verification and active flags untouched unless `reactivate` is set) or creates a verified
 * superuser. Idempotent. The email must already be normalised; the caller enforces password
 * rules.
 */
export async function bootstrapAdmin(
  deps: FlowDeps,
  email: string,
  password: string,
  options: BootstrapAdminOptions = {},
): Promise<BootstrapAdminResult> {
  const { users } = deps.storage;
  const reactivate = options.reactivate === true;
  const existing = await users.getByEmail(email);
  if (existing) return promote(deps, existing, reactivate);
  const hashedPassword = await deps.hasher.hash(password);
  try {
    const user = await users.create({
      email,
      hashedPassword,
      isActive: true,
      isVerified: true,
      isSuperuser: true,
    });
    // No administrator is signed in: the operator ran the CLI (or the host's bootstrap).
    await deps.audit.record({
      type: 'admin.user_created',
      userId: user.id,
      actorId: null,
      details: { via: 'bootstrap', is_superuser: true },
    });
    await deps.hooks.fire('user_registered', { user: toPublicUser(user) });
    return { user, created: true, reactivated: false };
  } catch (error) {
    if (!(error instanceof DuplicateEmailError)) throw error;
    const raced = await users.getByEmail(email);
    if (!raced) throw error;
    return promote(deps, raced, reactivate);
  }
}

async function promote(
  deps: FlowDeps,
  user: UserRecord,
  reactivate: boolean,
): Promise<BootstrapAdminResult> {
  const reactivated = reactivate && !user.isActive;
  if (user.isSuperuser && !reactivated) return { user, created: false, reactivated };
  if (!user.isSuperuser) await deps.storage.users.setSuperuser(user.id, true);
  // Sessions from before the disable stay dead: disabling moved the revocation cut-off.
  if (reactivated) await deps.storage.users.setActive(user.id, true);
  const updated = (await deps.storage.users.getById(user.id)) ?? {
    ...user,
    isSuperuser: true,
    isActive: user.isActive || reactivated,
  };
  return { user: updated, created: false, reactivated };
}
