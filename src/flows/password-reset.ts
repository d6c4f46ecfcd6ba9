import { RegstackError } from '../errors/errors.js';
import { toPublicUser } from '../model/public-user.js';
import type { UserRecord } from '../model/user.js';
import type { FlowDeps } from './deps.js';
import { minutesOf, sendEmail } from './notify.js';
import { issuedBeforeCutoff } from './token-cutoff.js';

/**
 * `POST /forgot-password` (spec §6.16): the same 202 whether or not the account exists, so
 * the route cannot be used to discover accounts. It doubles as "set a first password"
 * for accounts created through OAuth. The mail goes out after the answer, so a known
 * address is not told apart by the time the answer takes either.
 */
export async function forgotPassword(deps: FlowDeps, email: string): Promise<void> {
  const user = await deps.storage.users.getByEmail(email);
  if (!user?.isActive) return;
  deps.deferred.run('password_reset', () => mailResetLink(deps, user));
}

/** Mails a fresh reset link; also sent after a contested registration is verified. */
export async function mailResetLink(deps: FlowDeps, user: UserRecord): Promise<void> {
  const issued = deps.tokens.issue({ purpose: 'password_reset', subject: user.id });
  const url = deps.link('reset', issued.token);
  const ttlMinutes = minutesOf(deps.config.password_reset_token_ttl_seconds);
  await sendEmail(deps, 'password_reset', user.email, () =>
    deps.mail.passwordReset({ to: user.email, fullName: user.fullName, url, ttlMinutes }),
  );
  // Recorded here, after the answer (forgot-password defers this work): an event written
  // before answering would make a known address answer more slowly than an unknown one.
  await deps.audit.record({ type: 'password.reset_requested', userId: user.id });
  await deps.hooks.fire('password_reset_requested', { user: toPublicUser(user), url });
}

/**
 * `POST /reset-password` (spec §6.17, Decision 18): the token is single-use, and a reset
 * also retires every other outstanding reset token of the user, because their `iat` is
 * at or before the new `tokens_invalidated_after`.
 */
export async function resetPassword(
  deps: FlowDeps,
  input: { token: string; newPassword: string },
): Promise<void> {
  const { storage } = deps;
  const decoded = deps.tokens.decode(input.token, 'password_reset');
  if (!decoded.ok) throw new RegstackError('reset_token_invalid');
  const { claims } = decoded;
  const user = await storage.users.getById(claims.sub);
  if (!user?.isActive) throw new RegstackError('reset_token_account_mismatch');
  if (issuedBeforeCutoff(user, claims.iat)) {
    throw new RegstackError('reset_token_invalid');
  }
  // Hash before redeeming: a busy hasher must not burn the user's token.
  const hashedPassword = await deps.hasher.hash(input.newPassword);
  if (!(await storage.blacklist.redeem(claims.jti, claims.exp))) {
    throw new RegstackError('reset_token_invalid');
  }
  await storage.users.updatePassword(user.id, hashedPassword);
  await deps.lockout.clear(user.email);
  await deps.audit.record({ type: 'password.reset', userId: user.id });
  const updated = (await storage.users.getById(user.id)) ?? user;
  await deps.hooks.fire('password_reset_completed', { user: toPublicUser(updated) });
}
