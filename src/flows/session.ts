import { toPublicUser } from '../model/public-user.js';
import type { UserRecord } from '../model/user.js';
import type { FlowDeps } from './deps.js';

export interface SessionGrant {
  readonly accessToken: string;
  readonly expiresIn: number;
}

/**
 * Ends a successful sign-in (password, MFA code or OAuth): mints the session token,
 * records `last_login = iat`, clears the lockout counter and fires `user_logged_in`.
 */
export async function startSession(deps: FlowDeps, user: UserRecord): Promise<SessionGrant> {
  const issued = deps.tokens.issue({ purpose: 'session', subject: user.id });
  await deps.storage.users.setLastLogin(user.id, issued.claims.iat);
  await deps.lockout.clear(user.email);
  // The public form changes only by `last_login`, which was just written: no re-read.
  await deps.hooks.fire('user_logged_in', {
    user: toPublicUser({ ...user, lastLogin: issued.claims.iat }),
  });
  return { accessToken: issued.token, expiresIn: deps.config.jwt_ttl_seconds };
}
