import { RegstackError } from '../errors/errors.js';
import type { UserRecord } from '../model/user.js';
import type { TokenClaims } from '../ports/tokens.js';
import type { FlowDeps } from './deps.js';
import { issuedBeforeCutoff } from './token-cutoff.js';

export interface AuthenticatedSession {
  readonly user: UserRecord;
  readonly claims: TokenClaims;
}

/**
 * The check every authenticated request passes (spec §5.2), in the spec's order: token,
 * blacklist, account, bulk cut-off. One storage round trip, and no cache in front of it,
 * so a logout or a revocation bites on the very next request on every instance.
 */
export async function authenticate(
  deps: Pick<FlowDeps, 'tokens' | 'storage'>,
  token: string,
): Promise<AuthenticatedSession> {
  const decoded = deps.tokens.decode(token, 'session');
  if (!decoded.ok) {
    throw new RegstackError('invalid_token', { detail: `Invalid token: ${decoded.reason}` });
  }
  const { claims } = decoded;
  const { user, revoked } = await deps.storage.sessions.load(claims.sub, claims.jti);
  if (revoked) throw new RegstackError('token_revoked');
  if (!user?.isActive) throw new RegstackError('user_inactive');
  if (issuedBeforeCutoff(user, claims.iat)) {
    throw new RegstackError('session_invalidated');
  }
  return { user, claims };
}

/** `current_admin`: an authenticated session whose user is a superuser. */
export function requireAdmin(session: AuthenticatedSession): AuthenticatedSession {
  if (!session.user.isSuperuser) throw new RegstackError('admin_required');
  return session;
}
