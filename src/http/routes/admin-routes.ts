import { adminStats } from '../../flows/admin-stats.js';
import {
  deleteUserAsAdmin,
  getUserForAdmin,
  listUsers,
  resendVerificationAsAdmin,
  resetMfaAsAdmin,
  updateUserAsAdmin,
} from '../../flows/admin-users.js';
import { listSessions, revokeAllSessions, revokeSession } from '../../flows/user-sessions.js';
import { toPublicUser } from '../../model/public-user.js';
import { defineRoute } from '../define-route.js';
import { requireSession } from '../middleware/auth.js';
import type { RouteContext } from '../route-context.js';
import {
  adminSessionPath,
  adminUserListQuery,
  adminUserPatchBody,
  adminUserPath,
} from '../schemas/requests.js';
import {
  adminStatsResponse,
  adminUserListResponse,
  messageResponse,
  publicUserResponse,
  sessionListResponse,
} from '../schemas/responses.js';
import { sessionJson } from './session-routes.js';
import { mountWebhookAdminRoutes } from './webhook-admin-routes.js';

/** The admin router (spec §6.21), mounted only with `enable_admin_router`. */
export function mountAdminRoutes(context: RouteContext): void {
  const { app, table, prefix, deps } = context;
  const admin = requireSession(deps, 'admin');
  const common = { tag: 'admin', secured: true, guard: admin } as const;

  defineRoute(app, table, prefix, {
    ...common,
    method: 'get',
    path: '/admin/stats',
    summary: 'Count users and unexpired pending registrations',
    status: 200,
    response: adminStatsResponse,
    handler: async (c) => {
      const stats = await adminStats(deps);
      return c.json(
        {
          total_users: stats.totalUsers,
          active_users: stats.activeUsers,
          verified_users: stats.verifiedUsers,
          superusers: stats.superusers,
          pending_registrations: stats.pendingRegistrations,
        },
        200,
      );
    },
  });

  defineRoute(app, table, prefix, {
    ...common,
    method: 'get',
    path: '/admin/users',
    summary: 'List users, newest first',
    status: 200,
    response: adminUserListResponse,
    query: adminUserListQuery,
    handler: async (c, { query }) => {
      const page = await listUsers(deps, query);
      return c.json(
        {
          items: page.users.map(toPublicUser),
          total: page.total,
          skip: query.skip,
          limit: query.limit,
        },
        200,
      );
    },
  });

  defineRoute(app, table, prefix, {
    ...common,
    method: 'get',
    path: '/admin/users/:user_id',
    summary: 'Read one user',
    status: 200,
    response: publicUserResponse,
    params: adminUserPath,
    handler: async (c, { params }) =>
      c.json(toPublicUser(await getUserForAdmin(deps, params.user_id)), 200),
  });

  defineRoute(app, table, prefix, {
    ...common,
    method: 'patch',
    path: '/admin/users/:user_id',
    summary: 'Change a user’s active, superuser or name fields; null leaves a field as it is',
    status: 200,
    response: publicUserResponse,
    params: adminUserPath,
    body: adminUserPatchBody,
    handler: async (c, { params, body }) => {
      const user = await updateUserAsAdmin(deps, c.get('session').user, params.user_id, {
        isActive: body.is_active ?? null,
        isSuperuser: body.is_superuser ?? null,
        fullName: body.full_name ?? null,
      });
      return c.json(toPublicUser(user), 200);
    },
  });

  defineRoute(app, table, prefix, {
    ...common,
    method: 'delete',
    path: '/admin/users/:user_id',
    summary: 'Delete a user with their identities, codes, pending row and lockout rows',
    status: 200,
    response: messageResponse,
    params: adminUserPath,
    handler: async (c, { params }) => {
      const user = await deleteUserAsAdmin(deps, c.get('session').user, params.user_id);
      return c.json({ message: `User ${user.email} deleted.` }, 200);
    },
  });

  defineRoute(app, table, prefix, {
    ...common,
    method: 'post',
    path: '/admin/users/:user_id/resend-verification',
    summary: 'Mail an unverified user a new verification link',
    status: 202,
    response: messageResponse,
    params: adminUserPath,
    handler: async (c, { params }) => {
      const user = await resendVerificationAsAdmin(deps, c.get('session').user, params.user_id);
      return c.json({ message: `Verification email sent to ${user.email}.` }, 202);
    },
  });

  defineRoute(app, table, prefix, {
    ...common,
    method: 'post',
    path: '/admin/users/:user_id/reset-mfa',
    summary: "Remove a user's second factors: authenticator app, recovery codes and SMS",
    status: 200,
    response: publicUserResponse,
    params: adminUserPath,
    handler: async (c, { params }) => {
      const user = await resetMfaAsAdmin(deps, c.get('session').user, params.user_id);
      return c.json(toPublicUser(user), 200);
    },
  });

  defineRoute(app, table, prefix, {
    ...common,
    method: 'get',
    path: '/admin/users/:user_id/sessions',
    summary: 'A user’s live sessions, newest first',
    status: 200,
    response: sessionListResponse,
    params: adminUserPath,
    handler: async (c, { params }) => {
      const user = await getUserForAdmin(deps, params.user_id);
      const sessions = await listSessions(deps, user);
      const own = user.id === c.get('session').user.id ? c.get('session').claims.jti : null;
      return c.json({ sessions: sessions.map((s) => sessionJson(s, own)) }, 200);
    },
  });

  defineRoute(app, table, prefix, {
    ...common,
    method: 'post',
    path: '/admin/users/:user_id/sessions/revoke',
    summary: 'Revoke every session of a user',
    status: 200,
    response: messageResponse,
    params: adminUserPath,
    handler: async (c, { params }) => {
      const user = await getUserForAdmin(deps, params.user_id);
      await revokeAllSessions(deps, user, c.get('session').user);
      return c.json({ message: `Every session of ${user.email} revoked.` }, 200);
    },
  });

  defineRoute(app, table, prefix, {
    ...common,
    method: 'delete',
    path: '/admin/users/:user_id/sessions/:session_id',
    summary: 'Revoke one session of a user',
    status: 200,
    response: messageResponse,
    params: adminSessionPath,
    handler: async (c, { params }) => {
      const user = await getUserForAdmin(deps, params.user_id);
      await revokeSession(deps, user, params.session_id, c.get('session').user);
      return c.json({ message: 'Session revoked.' }, 200);
    },
  });

  mountWebhookAdminRoutes(context, admin);
}
