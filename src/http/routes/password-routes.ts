import { forgotPassword, resetPassword } from '../../flows/password-reset.js';
import { defineRoute } from '../define-route.js';
import type { RouteContext } from '../route-context.js';
import { emailBody, resetPasswordBody } from '../schemas/requests.js';
import { messageResponse } from '../schemas/responses.js';

/** `POST /forgot-password` and `/reset-password` (spec §6.16–§6.17). */
export function mountPasswordRoutes({ app, table, prefix, deps }: RouteContext): void {
  defineRoute(app, table, prefix, {
    method: 'post',
    path: '/forgot-password',
    summary: 'Email a password-reset link (the same answer whether or not the account exists)',
    tag: 'password',
    status: 202,
    response: messageResponse,
    body: emailBody,
    handler: async (c, { body }) => {
      await forgotPassword(deps, body.email);
      return c.json(
        { message: 'If an account exists for that email, a reset link has been sent.' },
        202,
      );
    },
  });

  defineRoute(app, table, prefix, {
    method: 'post',
    path: '/reset-password',
    summary: 'Set a new password with an emailed reset token',
    tag: 'password',
    status: 200,
    response: messageResponse,
    body: resetPasswordBody,
    handler: async (c, { body }) => {
      await resetPassword(deps, { token: body.token, newPassword: body.new_password });
      return c.json({ message: 'Password has been reset. Please sign in.' }, 200);
    },
  });
}
