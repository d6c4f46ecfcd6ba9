import { regenerateRecoveryCodes, remainingRecoveryCodes } from '../../flows/recovery-codes.js';
import { hasTotpFactor } from '../../flows/second-factors.js';
import {
  confirmTotpEnrolment,
  disableTotp,
  startTotpEnrolment,
} from '../../flows/totp-enrolment.js';
import { defineRoute } from '../define-route.js';
import { requireSession } from '../middleware/auth.js';
import type { RouteContext } from '../route-context.js';
import { currentPasswordBody, totpCodeBody, totpDisableBody } from '../schemas/requests.js';
import {
  messageResponse,
  recoveryCodesRemainingResponse,
  recoveryCodesResponse,
  totpConfirmResponse,
  totpStartResponse,
  totpStatusResponse,
} from '../schemas/responses.js';

/** Authenticator apps and recovery codes (issue 19), mounted when `enable_totp` is on. */
export function mountTotpRoutes({ app, table, prefix, deps }: RouteContext): void {
  const common = { tag: 'mfa', secured: true, guard: requireSession(deps, 'user') } as const;

  defineRoute(app, table, prefix, {
    ...common,
    method: 'get',
    path: '/totp',
    summary: 'Whether the caller has a confirmed authenticator app',
    status: 200,
    response: totpStatusResponse,
    handler: async (c) =>
      c.json({ enabled: await hasTotpFactor(deps, c.get('session').user.id) }, 200),
  });

  defineRoute(app, table, prefix, {
    ...common,
    method: 'post',
    path: '/totp/start',
    summary: 'Start enrolling an authenticator app: a new secret, its otpauth URI and QR code',
    status: 200,
    response: totpStartResponse,
    handler: async (c) => {
      const enrolment = await startTotpEnrolment(deps, c.get('session').user);
      return c.json(
        {
          secret: enrolment.secret,
          otpauth_uri: enrolment.otpauthUri,
          qr_svg: enrolment.qrSvg,
        },
        200,
      );
    },
  });

  defineRoute(app, table, prefix, {
    ...common,
    method: 'post',
    path: '/totp/confirm',
    summary: 'Confirm the authenticator app with its first code; returns recovery codes once',
    status: 200,
    response: totpConfirmResponse,
    body: totpCodeBody,
    handler: async (c, { body }) => {
      const { recoveryCodes } = await confirmTotpEnrolment(
        deps,
        c.get('session').user,
        body.code,
        c.get('clientIp'),
      );
      return c.json(
        {
          message: 'Authenticator app enabled.',
          ...(recoveryCodes === undefined ? {} : { recovery_codes: recoveryCodes }),
        },
        200,
      );
    },
  });

  defineRoute(app, table, prefix, {
    ...common,
    method: 'post',
    path: '/totp/disable',
    summary: 'Turn the authenticator app off, with the current password or a fresh code',
    status: 200,
    response: messageResponse,
    body: totpDisableBody,
    handler: async (c, { body }) => {
      const proof =
        body.current_password !== undefined
          ? { password: body.current_password }
          : { code: body.code ?? '' };
      await disableTotp(deps, c.get('session').user, proof, c.get('clientIp'));
      return c.json({ message: 'Authenticator app disabled.' }, 200);
    },
  });

  defineRoute(app, table, prefix, {
    ...common,
    method: 'get',
    path: '/recovery-codes',
    summary: 'How many unused recovery codes remain',
    status: 200,
    response: recoveryCodesRemainingResponse,
    handler: async (c) => {
      const remaining = await remainingRecoveryCodes(deps, c.get('session').user);
      return c.json({ remaining }, 200);
    },
  });

  defineRoute(app, table, prefix, {
    ...common,
    method: 'post',
    path: '/recovery-codes/regenerate',
    summary: 'Replace every recovery code with a fresh set, shown once',
    status: 200,
    response: recoveryCodesResponse,
    body: currentPasswordBody,
    handler: async (c, { body }) => {
      const codes = await regenerateRecoveryCodes(
        deps,
        c.get('session').user,
        body.current_password,
        c.get('clientIp'),
      );
      return c.json({ recovery_codes: codes }, 200);
    },
  });
}
