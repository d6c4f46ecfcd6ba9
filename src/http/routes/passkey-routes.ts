import { finishPasskeySignIn, startPasskeySignIn } from '../../flows/passkey-sign-in.js';
import {
  finishPasskeyRegistration,
  listPasskeys,
  removePasskey,
  renamePasskey,
  startPasskeyRegistration,
} from '../../flows/passkeys.js';
import { defineRoute } from '../define-route.js';
import { requireSession } from '../middleware/auth.js';
import type { RouteContext } from '../route-context.js';
import {
  currentPasswordBody,
  passkeyLoginFinishBody,
  passkeyPath,
  passkeyRegisterFinishBody,
  passkeyRenameBody,
} from '../schemas/requests.js';
import {
  messageResponse,
  passkeyListResponse,
  passkeyOptionsResponse,
  passkeyRegisteredResponse,
  passkeyResponse,
  tokenResponse,
} from '../schemas/responses.js';
import { setSessionCookies } from '../session-cookie.js';
import { assertionCredential, passkeyJson, registrationCredential } from './passkey-json.js';

/** Passkeys (issue 19), mounted when `enable_passkeys` is on. */
export function mountPasskeyRoutes({ app, table, prefix, deps }: RouteContext): void {
  const common = { tag: 'mfa', secured: true, guard: requireSession(deps, 'user') } as const;

  defineRoute(app, table, prefix, {
    ...common,
    method: 'post',
    path: '/passkeys/register/start',
    summary: 'Start registering a passkey: WebAuthn creation options and their challenge id',
    status: 200,
    response: passkeyOptionsResponse,
    handler: async (c) => {
      const started = await startPasskeyRegistration(deps, c.get('session').user);
      return c.json({ challenge_id: started.challengeId, options: started.options }, 200);
    },
  });

  defineRoute(app, table, prefix, {
    ...common,
    method: 'post',
    path: '/passkeys/register/finish',
    summary: 'Store the passkey the authenticator created; returns recovery codes once',
    status: 200,
    response: passkeyRegisteredResponse,
    body: passkeyRegisterFinishBody,
    handler: async (c, { body }) => {
      const { passkey, recoveryCodes } = await finishPasskeyRegistration(
        deps,
        c.get('session').user,
        {
          challengeId: body.challenge_id,
          credential: registrationCredential(body.credential),
          name: body.name,
        },
      );
      return c.json(
        {
          ...passkeyJson(passkey),
          ...(recoveryCodes === undefined ? {} : { recovery_codes: recoveryCodes }),
        },
        200,
      );
    },
  });

  defineRoute(app, table, prefix, {
    ...common,
    method: 'get',
    path: '/passkeys',
    summary: 'The caller’s passkeys, oldest first',
    status: 200,
    response: passkeyListResponse,
    handler: async (c) => {
      const passkeys = await listPasskeys(deps, c.get('session').user);
      return c.json({ passkeys: passkeys.map(passkeyJson) }, 200);
    },
  });

  defineRoute(app, table, prefix, {
    ...common,
    method: 'patch',
    path: '/passkeys/:passkey_id',
    summary: 'Rename one of the caller’s passkeys',
    status: 200,
    response: passkeyResponse,
    params: passkeyPath,
    body: passkeyRenameBody,
    handler: async (c, { params, body }) => {
      const renamed = await renamePasskey(
        deps,
        c.get('session').user,
        params.passkey_id,
        body.name,
      );
      return c.json(passkeyJson(renamed), 200);
    },
  });

  defineRoute(app, table, prefix, {
    ...common,
    method: 'delete',
    path: '/passkeys/:passkey_id',
    summary: 'Remove one of the caller’s passkeys, with the current password',
    status: 200,
    response: messageResponse,
    params: passkeyPath,
    body: currentPasswordBody,
    handler: async (c, { params, body }) => {
      await removePasskey(
        deps,
        c.get('session').user,
        params.passkey_id,
        body.current_password,
        c.get('clientIp'),
      );
      return c.json({ message: 'Passkey removed.' }, 200);
    },
  });

  defineRoute(app, table, prefix, {
    method: 'post',
    path: '/passkeys/login/start',
    summary: 'Start signing in with a passkey alone: request options for discoverable passkeys',
    tag: 'session',
    status: 200,
    response: passkeyOptionsResponse,
    handler: async (c) => {
      const started = await startPasskeySignIn(deps);
      return c.json({ challenge_id: started.challengeId, options: started.options }, 200);
    },
  });

  defineRoute(app, table, prefix, {
    method: 'post',
    path: '/passkeys/login/finish',
    summary: 'Finish signing in with a passkey: the session token, with no second step',
    tag: 'session',
    status: 200,
    response: tokenResponse,
    body: passkeyLoginFinishBody,
    handler: async (c, { body }) => {
      const grant = await finishPasskeySignIn(deps, {
        challengeId: body.challenge_id,
        credential: assertionCredential(body.credential),
        ip: c.get('clientIp'),
        userAgent: c.req.header('user-agent') ?? null,
      });
      if (deps.config.transport === 'cookie') {
        setSessionCookies(c, deps.config, grant.accessToken, grant.expiresIn);
      }
      return c.json(
        { access_token: grant.accessToken, token_type: 'bearer', expires_in: grant.expiresIn },
        200,
      );
    },
  });
}
