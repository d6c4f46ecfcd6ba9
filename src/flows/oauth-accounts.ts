import { formatIsoOffset } from '../clock/instant.js';
import { RegstackError } from '../errors/errors.js';
import { toPublicUser } from '../model/public-user.js';
import type { UserRecord } from '../model/user.js';
import type { FlowDeps } from './deps.js';
import type { OAuthFlowDeps } from './oauth-deps.js';

export interface LinkedProvider {
  readonly provider: string;
  readonly email: string | null;
  readonly linked_at: string;
  readonly last_used_at: string | null;
}

/** `GET /oauth/providers` (spec §6.22): configured providers and the caller's links. */
export async function listOAuthProviders(
  deps: OAuthFlowDeps,
  user: UserRecord,
): Promise<{
  available: string[];
  providers: Array<{ name: string; display_name: string }>;
  linked: LinkedProvider[];
}> {
  const identities = await deps.storage.oauthIdentities.listForUser(user.id);
  return {
    available: deps.oauth.names(),
    // Beside the spec's names: what to call each provider on buttons.
    providers: deps.oauth.list().map((provider) => ({
      name: provider.name,
      display_name: provider.displayName,
    })),
    linked: identities.map((identity) => ({
      provider: identity.provider,
      email: identity.email,
      linked_at: formatIsoOffset(identity.linkedAt),
      last_used_at: identity.lastUsedAt === null ? null : formatIsoOffset(identity.lastUsedAt),
    })),
  };
}

/**
 * `DELETE /oauth/{p}/link` (spec §7.7): works from the identity rows alone, and refuses to
 * remove the last way to sign in of an account without a password.
 */
export async function unlinkOAuth(
  deps: FlowDeps,
  user: UserRecord,
  provider: string,
): Promise<void> {
  const identities = await deps.storage.oauthIdentities.listForUser(user.id);
  if (!identities.some((identity) => identity.provider === provider)) {
    throw new RegstackError('oauth_not_linked');
  }
  if (user.hashedPassword === null && identities.length === 1) {
    throw new RegstackError('oauth_last_sign_in_method');
  }
  await deps.storage.oauthIdentities.delete(user.id, provider);
  await deps.audit.record({ type: 'oauth.unlinked', userId: user.id, details: { provider } });
  await deps.hooks.fire('oauth_account_unlinked', { user: toPublicUser(user), provider });
}
