import { DuplicateEmailError, RegstackError } from '../errors/errors.js';
import { toPublicUser } from '../model/public-user.js';
import type { UserRecord } from '../model/user.js';
import { requireCurrentPassword } from './account-credentials.js';
import type { FlowDeps } from './deps.js';
import { minutesOf, sendEmail } from './notify.js';
import { issuedBeforeCutoff } from './token-cutoff.js';

/**
 * `POST /change-email` (spec §6.13, Decision 32): nothing changes until the link mailed to
 * the new address is followed; the link carries the new address in a signed token.
 *
 * The current address is told at once, with a reset link: if the request came from
 * someone who took over the session and password, the owner can choose a new password
 * before the link is followed, which kills that link (the revocation cut-off).
 */
export async function requestEmailChange(
  deps: FlowDeps,
  user: UserRecord,
  input: { newEmail: string; currentPassword: string; ip: string | null },
): Promise<void> {
  if (input.newEmail.toLowerCase() === user.email.toLowerCase()) {
    throw new RegstackError('email_same_as_current');
  }
  await requireCurrentPassword(deps, { user, password: input.currentPassword, ip: input.ip });
  if (await deps.storage.users.getByEmail(input.newEmail)) throw new RegstackError('email_in_use');
  const issued = deps.tokens.issue({
    purpose: 'email_change',
    subject: user.id,
    extra: { new_email: input.newEmail },
  });
  // The notice goes first, so the confirmation is the newest mail of the request.
  await mailChangeNotice(deps, user, input.newEmail);
  const url = deps.link('confirm-email-change', issued.token);
  const ttlMinutes = minutesOf(deps.config.email_change_token_ttl_seconds);
  await sendEmail(deps, 'email_change', input.newEmail, () =>
    deps.mail.emailChange({ to: input.newEmail, fullName: user.fullName, url, ttlMinutes }),
  );
  await deps.audit.record({ type: 'email.change_requested', userId: user.id });
  await deps.hooks.fire('email_change_requested', {
    user: toPublicUser(user),
    new_email: input.newEmail,
    url,
  });
}

async function mailChangeNotice(deps: FlowDeps, user: UserRecord, newEmail: string): Promise<void> {
  const reset = deps.tokens.issue({ purpose: 'password_reset', subject: user.id });
  const url = deps.link('reset', reset.token);
  const ttlMinutes = minutesOf(deps.config.password_reset_token_ttl_seconds);
  await sendEmail(deps, 'email_change_notice', user.email, () =>
    deps.mail.emailChangeNotice({
      to: user.email,
      fullName: user.fullName,
      newEmail,
      url,
      ttlMinutes,
    }),
  );
}

/**
 * `POST /confirm-email-change` (spec §6.14, Decision 18): single-use; the address and the
 * revocation cut-off change in one statement, so every old session ends with the old address.
 */
export async function confirmEmailChange(deps: FlowDeps, token: string): Promise<UserRecord> {
  const { storage } = deps;
  const decoded = deps.tokens.decode(token, 'email_change');
  if (!decoded.ok) throw new RegstackError('email_change_token_invalid');
  const { claims } = decoded;
  const newEmail = claims.new_email;
  if (newEmail === undefined) throw new RegstackError('email_change_token_invalid');
  const user = await storage.users.getById(claims.sub);
  if (!user?.isActive) throw new RegstackError('token_account_mismatch');
  if (issuedBeforeCutoff(user, claims.iat) || (await storage.blacklist.isRevoked(claims.jti))) {
    throw new RegstackError('email_change_token_invalid');
  }
  const holder = await storage.users.getByEmail(newEmail);
  if (holder !== null) {
    // The account itself holding the new address means a concurrent use of this token
    // already applied it: the token is spent, the address is not someone else's.
    throw new RegstackError(holder.id === user.id ? 'email_change_token_invalid' : 'email_in_use');
  }
  if (!(await storage.blacklist.redeem(claims.jti, claims.exp))) {
    throw new RegstackError('email_change_token_invalid');
  }
  let changed: boolean;
  try {
    // Conditional on the cut-off: another link of this user confirmed meanwhile wins alone.
    changed = await storage.users.updateEmailAndRevoke(user.id, newEmail, claims.iat);
  } catch (error) {
    if (error instanceof DuplicateEmailError) {
      throw new RegstackError('email_in_use', { cause: error });
    }
    throw error;
  }
  if (!changed) throw new RegstackError('email_change_token_invalid');
  await deps.lockout.clear(user.email);
  await deps.audit.record({ type: 'email.changed', userId: user.id });
  const updated = (await storage.users.getById(user.id)) ?? { ...user, email: newEmail };
  await deps.hooks.fire('email_changed', {
    user: toPublicUser(updated),
    previous_email: user.email,
  });
  return updated;
}
