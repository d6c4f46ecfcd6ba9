import { DuplicateEmailError } from '../errors/errors.js';
import { toPublicUser } from '../model/public-user.js';
import type { UserRecord } from '../model/user.js';
import type { FlowDeps } from './deps.js';

/**
 * `bootstrap_admin` (spec §13.3, Decision 26): promotes an existing account (its password,
 * verification and active flags untouched) or creates a verified superuser. Idempotent.
 * The email must already be normalised; the caller enforces password rules.
 */
export async function bootstrapAdmin(
  deps: FlowDeps,
  email: string,
  password: string,
): Promise<{ user: UserRecord; created: boolean }> {
  const { users } = deps.storage;
  const existing = await users.getByEmail(email);
  if (existing) return { user: await promote(deps, existing), created: false };
  const hashedPassword = await deps.hasher.hash(password);
  try {
    const user = await users.create({
      email,
      hashedPassword,
      isActive: true,
      isVerified: true,
      isSuperuser: true,
    });
    await deps.hooks.fire('user_registered', { user: toPublicUser(user) });
    return { user, created: true };
  } catch (error) {
    if (!(error instanceof DuplicateEmailError)) throw error;
    const raced = await users.getByEmail(email);
    if (!raced) throw error;
    return { user: await promote(deps, raced), created: false };
  }
}

async function promote(deps: FlowDeps, user: UserRecord): Promise<UserRecord> {
  if (user.isSuperuser) return user;
  await deps.storage.users.setSuperuser(user.id, true);
  return (await deps.storage.users.getById(user.id)) ?? { ...user, isSuperuser: true };
}
