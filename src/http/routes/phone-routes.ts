import { confirmPhoneSetup, disablePhoneMfa, startPhoneSetup } from '../../flows/phone-setup.js';
import { toPublicUser } from '../../model/public-user.js';
import { defineRoute } from '../define-route.js';
import { requireSession } from '../middleware/auth.js';
import type { RouteContext } from '../route-context.js';
import { currentPasswordBody, phoneConfirmBody, phoneStartBody } from '../schemas/requests.js';
import { messageResponse, phoneConfirmResponse, phoneStartResponse } from '../schemas/responses.js';

/** SMS two-factor setup and removal (spec §6.18–§6.20), mounted when `enable_sms_2fa` is on. */
export function mountPhoneRoutes({ app, table, prefix, deps }: RouteContext): void {
  const user = requireSession(deps, 'user');

  defineRoute(app, table, prefix, {
    method: 'post',
    path: '/phone/start',
    summary: 'Text a verification code to a new phone number',
    tag: 'mfa',
    status: 202,
    response: phoneStartResponse,
    body: phoneStartBody,
    secured: true,
    guard: user,
    handler: async (c, { body }) => {
      const started = await startPhoneSetup(deps, c.get('session').user, {
        phoneNumber: body.phone_number,
        currentPassword: body.current_password,
        ip: c.get('clientIp'),
      });
      return c.json(
        { status: 'code_sent', pending_token: started.pendingToken, expires_in: started.expiresIn },
        202,
      );
    },
  });

  defineRoute(app, table, prefix, {
    method: 'post',
    path: '/phone/confirm',
    summary: 'Confirm the texted code; SMS two-factor is turned on',
    tag: 'mfa',
    status: 200,
    response: phoneConfirmResponse,
    body: phoneConfirmBody,
    handler: async (c, { body }) => {
      const { user: updated, recoveryCodes } = await confirmPhoneSetup(deps, {
        pendingToken: body.pending_token,
        code: body.code,
      });
      return c.json(
        {
          ...toPublicUser(updated),
          ...(recoveryCodes === undefined ? {} : { recovery_codes: recoveryCodes }),
        },
        200,
      );
    },
  });

  defineRoute(app, table, prefix, {
    method: 'delete',
    path: '/phone',
    summary: 'Remove the phone number and turn SMS two-factor off',
    tag: 'mfa',
    status: 200,
    response: messageResponse,
    body: currentPasswordBody,
    secured: true,
    guard: user,
    handler: async (c, { body }) => {
      await disablePhoneMfa(deps, c.get('session').user, body.current_password, c.get('clientIp'));
      return c.json({ message: 'SMS 2FA disabled.' }, 200);
    },
  });
}
