import { updateProfile } from '../../flows/profile.js';
import { toPublicUser } from '../../model/public-user.js';
import { defineRoute } from '../define-route.js';
import { requireSession } from '../middleware/auth.js';
import type { RouteContext } from '../route-context.js';
import { patchMeBody } from '../schemas/requests.js';
import { publicUserResponse } from '../schemas/responses.js';

/** `GET /me` and `PATCH /me` (spec §6.10–§6.11). */
export function mountAccountRoutes({ app, table, prefix, deps }: RouteContext): void {
  const user = requireSession(deps, 'user');

  defineRoute(app, table, prefix, {
    method: 'get',
    path: '/me',
    summary: 'The signed-in user',
    tag: 'account',
    status: 200,
    response: publicUserResponse,
    secured: true,
    guard: user,
    handler: async (c) => c.json(toPublicUser(c.get('session').user), 200),
  });

  defineRoute(app, table, prefix, {
    method: 'patch',
    path: '/me',
    summary: 'Update the profile (an omitted full_name clears it)',
    tag: 'account',
    status: 200,
    response: publicUserResponse,
    body: patchMeBody,
    secured: true,
    guard: user,
    handler: async (c, { body }) => {
      const updated = await updateProfile(deps, c.get('session').user, {
        fullName: body.full_name ?? null,
      });
      return c.json(toPublicUser(updated), 200);
    },
  });
}
