import { toPublicUser } from '../model/public-user.js';
import { USER_AGENT_MAX_LENGTH } from '../model/records.js';
import type { UserRecord } from '../model/user.js';
import type { FlowDeps } from './deps.js';

/** Where a sign-in came from, as the HTTP layer saw it; the flow itself knows no HTTP. */
export interface ClientInfo {
  readonly ip: string | null;
  readonly userAgent: string | null;
}

export interface SessionGrant {
  readonly accessToken: string;
  readonly expiresIn: number;
}

/**
 * Ends a successful sign-in (password, MFA code or OAuth): mints the session token,
 * records it as a session (its jti, when, the client and the sign-in method),
 * records `last_login = iat`, clears the lockout counter and fires `user_logged_in`.
 */
export async function startSession(
  deps: FlowDeps,
  user: UserRecord,
  method: string,
  client: ClientInfo,
): Promise<SessionGrant> {
  const issued = deps.tokens.issue({ purpose: 'session', subject: user.id });
  await deps.storage.userSessions.create({
    userId: user.id,
    jti: issued.claims.jti,
    createdAt: issued.claims.iat,
    expiresAt: issued.claims.exp,
    userAgent: client.userAgent === null ? null : client.userAgent.slice(0, USER_AGENT_MAX_LENGTH),
    ip: client.ip,
    method: method.slice(0, 64),
  });
  await deps.storage.users.setLastLogin(user.id, issued.claims.iat);
  await deps.lockout.clear(user.email);
  await deps.audit.record({ type: 'login.succeeded', userId: user.id, details: { method } });
  // The public form changes only by `last_login`, which was just written: no re-read.
  await deps.hooks.fire('user_logged_in', {
    user: toPublicUser({ ...user, lastLogin: issued.claims.iat }),
  });
  return { accessToken: issued.token, expiresIn: deps.config.jwt_ttl_seconds };
}
