import { toPublicUser } from '../model/public-user.js';
import type { AuthenticatedSession } from './authenticate.js';
import type { FlowDeps } from './deps.js';

/** `POST /logout` (spec §6.9, Decision 26): revokes this token only. */
export async function logout(deps: FlowDeps, session: AuthenticatedSession): Promise<void> {
  await deps.storage.blacklist.revoke(session.claims.jti, session.claims.exp);
  await deps.storage.userSessions.deleteByJti(session.claims.jti);
  await deps.audit.record({ type: 'logout', userId: session.user.id });
  await deps.hooks.fire('user_logged_out', { user: toPublicUser(session.user) });
}
