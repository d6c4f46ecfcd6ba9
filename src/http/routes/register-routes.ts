import { formatIsoOffset } from '../../clock/instant.js';
import { register } from '../../flows/register.js';
import { resendVerification, verifyEmail } from '../../flows/verify-email.js';
import { toPublicUser } from '../../model/public-user.js';
import { defineRoute } from '../define-route.js';
import type { RouteContext } from '../route-context.js';
import { emailBody, registerBody, tokenBody } from '../schemas/requests.js';
import { messageResponse, publicUserResponse, registerResponse } from '../schemas/responses.js';

/** `POST /register`, `/verify`, `/resend-verification` (spec §6.4–§6.6). */
export function mountRegisterRoutes({ app, table, prefix, deps }: RouteContext): void {
  defineRoute(app, table, prefix, {
    method: 'post',
    path: '/register',
    summary: 'Create an account, or a pending registration when verification is required',
    tag: 'registration',
    status: 201,
    response: registerResponse,
    body: registerBody,
    handler: async (c, { body }) => {
      const outcome = await register(deps, {
        email: body.email,
        password: body.password,
        fullName: body.full_name ?? null,
      });
      if (outcome.kind === 'created') return c.json(toPublicUser(outcome.user), 201);
      return c.json(
        {
          status: 'pending_verification',
          email: outcome.email,
          expires_at: formatIsoOffset(outcome.expiresAt),
        },
        201,
      );
    },
  });

  defineRoute(app, table, prefix, {
    method: 'post',
    path: '/verify',
    summary: 'Confirm an email address with the emailed token',
    tag: 'registration',
    status: 200,
    response: publicUserResponse,
    body: tokenBody,
    handler: async (c, { body }) => c.json(toPublicUser(await verifyEmail(deps, body.token)), 200),
  });

  defineRoute(app, table, prefix, {
    method: 'post',
    path: '/resend-verification',
    summary: 'Send a new verification link for a pending registration',
    tag: 'registration',
    status: 202,
    response: messageResponse,
    body: emailBody,
    handler: async (c, { body }) => {
      await resendVerification(deps, body.email);
      return c.json(
        { message: 'If a pending registration exists, a new email has been sent.' },
        202,
      );
    },
  });
}
