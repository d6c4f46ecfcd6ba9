import { confirmEmailChange, requestEmailChange } from '../../flows/change-email.js';
import { changePassword } from '../../flows/change-password.js';
import { deleteOwnAccount } from '../../flows/delete-account.js';
import { toPublicUser } from '../../model/public-user.js';
import { defineRoute } from '../define-route.js';
import { requireSession } from '../middleware/auth.js';
import type { RouteContext } from '../route-context.js';
import {
  changeEmailBody,
  changePasswordBody,
  currentPasswordBody,
  tokenBody,
} from '../schemas/requests.js';
import { messageResponse, publicUserResponse } from '../schemas/responses.js';

/** Change password and email, confirm the email change, delete the account (spec §6.12–§6.15). */
export function mountAccountManagementRoutes({ app, table, prefix, deps }: RouteContext): void {
  const user = requireSession(deps, 'user');

  defineRoute(app, table, prefix, {
    method: 'post',
    path: '/change-password',
    summary: 'Change the password; every existing session is signed out',
    tag: 'account',
    status: 200,
    response: messageResponse,
    body: changePasswordBody,
    secured: true,
    guard: user,
    handler: async (c, { body }) => {
      await changePassword(deps, c.get('session').user, {
        currentPassword: body.current_password,
        newPassword: body.new_password,
        ip: c.get('clientIp'),
      });
      return c.json({ message: 'Password changed. Existing sessions have been signed out.' }, 200);
    },
  });

  defineRoute(app, table, prefix, {
    method: 'post',
    path: '/change-email',
    summary: 'Mail a confirmation link to a new address',
    tag: 'account',
    status: 202,
    response: messageResponse,
    body: changeEmailBody,
    secured: true,
    guard: user,
    handler: async (c, { body }) => {
      await requestEmailChange(deps, c.get('session').user, {
        newEmail: body.new_email,
        currentPassword: body.current_password,
        ip: c.get('clientIp'),
      });
      return c.json(
        { message: 'A confirmation link has been sent to the new email address.' },
        202,
      );
    },
  });

  defineRoute(app, table, prefix, {
    method: 'post',
    path: '/confirm-email-change',
    summary: 'Switch to the new address with the mailed token; old sessions end',
    tag: 'account',
    status: 200,
    response: publicUserResponse,
    body: tokenBody,
    handler: async (c, { body }) =>
      c.json(toPublicUser(await confirmEmailChange(deps, body.token)), 200),
  });

  defineRoute(app, table, prefix, {
    method: 'delete',
    path: '/account',
    summary: 'Delete the signed-in account',
    tag: 'account',
    status: 200,
    response: messageResponse,
    body: currentPasswordBody,
    secured: true,
    guard: user,
    handler: async (c, { body }) => {
      await deleteOwnAccount(deps, c.get('session').user, body.current_password, c.get('clientIp'));
      return c.json({ message: 'Account deleted.' }, 200);
    },
  });
}
