import { formatIsoZ } from '../../clock/instant.js';
import { listSessions, revokeOtherSessions, revokeSession } from '../../flows/user-sessions.js';
import type { UserSessionRecord } from '../../model/records.js';
import { defineRoute } from '../define-route.js';
import { requireSession } from '../middleware/auth.js';
import type { RouteContext } from '../route-context.js';
import { sessionPath } from '../schemas/requests.js';
import { messageResponse, sessionListResponse } from '../schemas/responses.js';

export interface SessionJson {
  readonly id: string;
  readonly created_at: string;
  readonly user_agent: string | null;
  readonly ip: string | null;
  readonly method: string;
  readonly current: boolean;
}

/** The public form of a session; the jti never leaves the server. */
export function sessionJson(session: UserSessionRecord, currentJti: string | null): SessionJson {
  return {
    id: session.id,
    created_at: formatIsoZ(session.createdAt),
    user_agent: session.userAgent,
    ip: session.ip,
    method: session.method,
    current: session.jti === currentJti,
  };
}

/** `GET /sessions`, `DELETE /sessions/{id}`, `POST /sessions/revoke-others` (issue 16). */
export function mountSessionRoutes({ app, table, prefix, deps }: RouteContext): void {
  const common = { tag: 'session', secured: true, guard: requireSession(deps, 'user') } as const;

  defineRoute(app, table, prefix, {
    ...common,
    method: 'get',
    path: '/sessions',
    summary: 'The caller’s live sessions, newest first',
    status: 200,
    response: sessionListResponse,
    handler: async (c) => {
      const { user, claims } = c.get('session');
      const sessions = await listSessions(deps, user);
      return c.json({ sessions: sessions.map((s) => sessionJson(s, claims.jti)) }, 200);
    },
  });

  defineRoute(app, table, prefix, {
    ...common,
    method: 'post',
    path: '/sessions/revoke-others',
    summary: 'Revoke every session but the current one',
    status: 200,
    response: messageResponse,
    handler: async (c) => {
      const { user, claims } = c.get('session');
      const count = await revokeOtherSessions(deps, user, claims.jti);
      return c.json({ message: `Revoked ${count} other session${count === 1 ? '' : 's'}.` }, 200);
    },
  });

  defineRoute(app, table, prefix, {
    ...common,
    method: 'delete',
    path: '/sessions/:session_id',
    summary: 'Revoke one of the caller’s sessions',
    status: 200,
    response: messageResponse,
    params: sessionPath,
    handler: async (c, { params }) => {
      await revokeSession(deps, c.get('session').user, params.session_id);
      return c.json({ message: 'Session revoked.' }, 200);
    },
  });
}
