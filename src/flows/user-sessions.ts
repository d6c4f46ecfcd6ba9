import { RegstackError } from '../errors/errors.js';
import type { UserSessionRecord } from '../model/records.js';
import type { UserRecord } from '../model/user.js';
import type { FlowDeps } from './deps.js';

/*
 * Sessions per device (issue 16). A session row only lists; revoking one blacklists its
 * jti until the token's own expiry, so the authenticated request path is unchanged (one
 * storage round trip, no cache) and the revocation bites on the next request on every
 * instance. The row is then deleted, so a listed session is always a live one.
 */

const PLAUSIBLE_ID = /^[\w.-]{1,128}$/;

/** The user's live sessions: unexpired, unrevoked, newer than the bulk cut-off. */
export function listSessions(deps: FlowDeps, user: UserRecord): Promise<UserSessionRecord[]> {
  return deps.storage.userSessions.listLive(user.id, user.tokensInvalidatedAfter);
}

async function revoke(deps: FlowDeps, session: UserSessionRecord): Promise<void> {
  await deps.storage.blacklist.revoke(session.jti, session.expiresAt);
  await deps.storage.userSessions.delete(session.userId, session.id);
}

/**
 * Revokes one of the user's sessions; an unknown id or another user's is 404. `admin` is
 * the administrator acting, when it is not the user themselves.
 */
export async function revokeSession(
  deps: FlowDeps,
  user: UserRecord,
  sessionId: string,
  admin?: UserRecord | undefined,
): Promise<void> {
  const session = PLAUSIBLE_ID.test(sessionId)
    ? await deps.storage.userSessions.get(user.id, sessionId)
    : null;
  if (session === null) throw new RegstackError('session_not_found');
  await revoke(deps, session);
  await deps.audit.record({
    type: admin === undefined ? 'session.revoked' : 'admin.session_revoked',
    userId: user.id,
    actorId: admin?.id ?? user.id,
    details: { session_id: session.id, method: session.method },
  });
}

/** Revokes every live session of the user except the one whose jti is `keepJti`; returns how many. */
export async function revokeOtherSessions(
  deps: FlowDeps,
  user: UserRecord,
  keepJti: string | null,
): Promise<number> {
  const sessions = await deps.storage.userSessions.listLive(user.id, null);
  const revoked = await revokeAllBut(deps, sessions, keepJti);
  await deps.audit.record({
    type: 'sessions.revoked_others',
    userId: user.id,
    details: { count: revoked },
  });
  return revoked;
}

async function revokeAllBut(
  deps: FlowDeps,
  sessions: readonly UserSessionRecord[],
  keepJti: string | null,
): Promise<number> {
  let revoked = 0;
  for (const session of sessions) {
    if (session.jti === keepJti) continue;
    await revoke(deps, session);
    revoked += 1;
  }
  return revoked;
}

/**
 * Admin: revokes every session of the user, recorded or not: the bulk cut-off moves to now
 * (as a password change does) and the rows go.
 */
export async function revokeAllSessions(
  deps: FlowDeps,
  user: UserRecord,
  admin: UserRecord,
): Promise<void> {
  const sessions = await deps.storage.userSessions.listLive(user.id, null);
  const revoked = await revokeAllBut(deps, sessions, null);
  await deps.storage.users.setTokensInvalidatedAfter(user.id, deps.clock.now());
  await deps.storage.userSessions.deleteByUserId(user.id);
  await deps.audit.record({
    type: 'admin.sessions_revoked',
    userId: user.id,
    actorId: admin.id,
    details: { count: revoked },
  });
}
