import { DuplicateEmailError, OAuthIdentityAlreadyLinkedError } from '../errors/errors.js';
import { toPublicUser } from '../model/public-user.js';
import type { OAuthStateRecord } from '../model/records.js';
import type { UserRecord } from '../model/user.js';
import type { UserInfo } from '../oauth/provider.js';
import { oauthPlaceholderEmail, parseEmailAddress } from '../validation/email-address.js';
import { type OAuthFlowDeps, OAuthRedirectError } from './oauth-deps.js';

export interface ResolvedIdentity {
  readonly user: UserRecord;
  readonly wasNew: boolean;
}

/** The provider's email in regstack's stored form, or null when absent or unusable. */
function normalisedEmail(email: string | null): string | null {
  if (email === null) return null;
  const parsed = parseEmailAddress(email);
  return parsed.ok ? parsed.email : null;
}

async function link(
  deps: OAuthFlowDeps,
  user: UserRecord,
  provider: string,
  info: UserInfo,
  email: string | null,
): Promise<void> {
  try {
    await deps.storage.oauthIdentities.create({
      userId: user.id,
      provider,
      subjectId: info.subjectId,
      email,
    });
  } catch (error) {
    if (error instanceof OAuthIdentityAlreadyLinkedError) {
      throw new OAuthRedirectError('identity_in_use', { cause: error });
    }
    throw error;
  }
}

async function activeUser(deps: OAuthFlowDeps, id: string | null): Promise<UserRecord> {
  const user = id === null ? null : await deps.storage.users.getById(id);
  if (!user?.isActive) throw new OAuthRedirectError('user_inactive');
  return user;
}

/**
 * Which account a verified provider identity signs in to (spec §7.5 with Decisions 13, 21
 * and 28). A refusal throws `OAuthRedirectError` before anything is written.
 */
export async function resolveIdentity(
  deps: OAuthFlowDeps,
  provider: string,
  info: UserInfo,
  row: OAuthStateRecord,
): Promise<ResolvedIdentity> {
  const { config, storage } = deps;
  const email = normalisedEmail(info.email);
  const existing = await storage.oauthIdentities.findBySubject(provider, info.subjectId);
  if (existing !== null) {
    if (row.mode === 'link') {
      const other = row.linkingUserId !== null && row.linkingUserId !== existing.userId;
      throw new OAuthRedirectError(other ? 'identity_in_use' : 'already_linked');
    }
    return { user: await activeUser(deps, existing.userId), wasNew: false };
  }

  if (row.mode === 'link') {
    const user = await activeUser(deps, row.linkingUserId);
    await link(deps, user, provider, info, email);
    return { user, wasNew: false };
  }

  const sameEmail = email === null ? null : await storage.users.getByEmail(email);
  if (sameEmail !== null) {
    if (!config.oauth.auto_link_verified_emails || !info.emailVerified) {
      throw new OAuthRedirectError('email_in_use');
    }
    const user = await activeUser(deps, sameEmail.id);
    await link(deps, user, provider, info, email);
    return { user, wasNew: false };
  }

  if (!config.allow_registration) throw new OAuthRedirectError('registration_disabled');
  let user: UserRecord;
  try {
    user = await storage.users.create({
      email: email ?? oauthPlaceholderEmail(provider, info.subjectId),
      hashedPassword: null,
      fullName: info.fullName,
      isActive: true,
      isVerified: email !== null && info.emailVerified,
    });
  } catch (error) {
    if (error instanceof DuplicateEmailError) {
      throw new OAuthRedirectError('email_in_use', { cause: error });
    }
    throw error;
  }
  try {
    await link(deps, user, provider, info, email);
  } catch (error) {
    await storage.users.delete(user.id);
    throw error;
  }
  await deps.audit.record({
    type: 'user.registered',
    userId: user.id,
    details: { via: 'oauth', provider },
  });
  await deps.hooks.fire('user_registered', { user: toPublicUser(user) });
  return { user, wasNew: true };
}
