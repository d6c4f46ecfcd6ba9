import { DuplicateEmailError, RegstackError } from '../errors/errors.js';
import { toPublicUser } from '../model/public-user.js';
import type { UserRecord } from '../model/user.js';
import type { FlowDeps } from './deps.js';
import { mailResetLink } from './password-reset.js';
import { issueVerification } from './register.js';

/** `POST /verify` (spec §6.5 with Decisions 11, 12 and 26). */
export async function verifyEmail(deps: FlowDeps, token: string): Promise<UserRecord> {
  const { storage, clock } = deps;
  const tokenHash = deps.hashSecret(token);
  const found = await storage.pending.findByTokenHash(tokenHash);
  if (!found) throw new RegstackError('verification_invalid');
  if (found.expiresAt <= clock.now()) {
    await storage.pending.deleteByEmail(found.email);
    throw new RegstackError('verification_expired');
  }
  // Consuming atomically makes concurrent clicks on one link produce one account.
  const pending = await storage.pending.consumeByTokenHash(tokenHash);
  if (!pending) throw new RegstackError('verification_invalid');

  const existing = await storage.users.getByEmail(pending.email);
  if (existing) return markVerified(deps, existing);

  let user: UserRecord;
  try {
    user = await storage.users.create({
      email: pending.email,
      hashedPassword: pending.hashedPassword,
      fullName: pending.fullName,
      isActive: true,
      isVerified: true,
    });
  } catch (error) {
    if (!(error instanceof DuplicateEmailError)) throw error;
    const raced = await storage.users.getByEmail(pending.email);
    if (!raced) throw error;
    return markVerified(deps, raced);
  }
  await deps.audit.record({ type: 'user.registered', userId: user.id, details: { via: 'verify' } });
  await deps.audit.record({ type: 'email.verified', userId: user.id });
  const publicUser = toPublicUser(user);
  await deps.hooks.fire('user_registered', { user: publicUser });
  await deps.hooks.fire('user_verified', { user: publicUser });
  // A contested registration kept no password (see issueVerification): the mailbox's
  // owner, who just proved they read it, chooses one.
  if (user.hashedPassword === null)
    deps.deferred.run('password_reset', () => mailResetLink(deps, user));
  return user;
}

/** Decision 11: an account that already exists is verified in place, never duplicated. */
async function markVerified(deps: FlowDeps, user: UserRecord): Promise<UserRecord> {
  if (user.isVerified) return user;
  await deps.storage.users.setVerified(user.id, true);
  await deps.audit.record({ type: 'email.verified', userId: user.id });
  const updated = (await deps.storage.users.getById(user.id)) ?? user;
  await deps.hooks.fire('user_verified', { user: toPublicUser(updated) });
  return updated;
}

/**
 * `POST /resend-verification` (spec §6.6, Decision 31): silent unless a pending row exists.
 * The new link is written and mailed after the answer, so the time the answer takes does
 * not tell whether the address has a pending registration.
 */
export async function resendVerification(deps: FlowDeps, email: string): Promise<void> {
  if (await deps.storage.users.getByEmail(email)) return;
  const pending = await deps.storage.pending.findByEmail(email);
  if (!pending) return;
  deps.deferred.run('verification', async () => {
    await issueVerification(deps, {
      email: pending.email,
      hashedPassword: pending.hashedPassword,
      fullName: pending.fullName,
      contested: pending.hashedPassword === null,
    });
  });
}
