import { login } from '../../flows/login.js';
import { logout } from '../../flows/logout.js';
import { confirmLoginMfa } from '../../flows/mfa-confirm.js';
import { startMfaPasskey } from '../../flows/passkey-sign-in.js';
import type { SessionGrant } from '../../flows/session.js';
import { defineRoute } from '../define-route.js';
import { requireSession } from '../middleware/auth.js';
import type { RouteContext } from '../route-context.js';
import { loginBody, mfaConfirmBody, mfaPasskeyStartBody } from '../schemas/requests.js';
import {
  loginResponse,
  messageResponse,
  passkeyOptionsResponse,
  tokenResponse,
} from '../schemas/responses.js';
import { clearSessionCookies, setSessionCookies } from '../session-cookie.js';
import { assertionCredential } from './passkey-json.js';

function tokenBodyOf(grant: SessionGrant): Record<string, unknown> {
  return { access_token: grant.accessToken, token_type: 'bearer', expires_in: grant.expiresIn };
}

/** `POST /login`, `/login/mfa-confirm`, `/logout` (spec §6.7–§6.9). */
export function mountLoginRoutes({ app, table, prefix, deps }: RouteContext): void {
  const cookies = deps.config.transport === 'cookie';
  defineRoute(app, table, prefix, {
    method: 'post',
    path: '/login',
    summary: 'Sign in with email and password',
    tag: 'session',
    status: 200,
    response: loginResponse,
    body: loginBody,
    handler: async (c, { body }) => {
      const outcome = await login(deps, {
        email: body.email,
        password: body.password,
        ip: c.get('clientIp'),
        userAgent: c.req.header('user-agent') ?? null,
      });
      if (outcome.kind === 'token') {
        if (cookies) setSessionCookies(c, deps.config, outcome.accessToken, outcome.expiresIn);
        return c.json(tokenBodyOf(outcome), 200);
      }
      return c.json(
        {
          status: 'mfa_required',
          mfa_pending_token: outcome.mfaPendingToken,
          expires_in: outcome.expiresIn,
          delivery: outcome.delivery,
          methods: outcome.methods,
        },
        200,
      );
    },
  });

  defineRoute(app, table, prefix, {
    method: 'post',
    path: '/login/mfa-confirm',
    summary:
      'Finish a sign-in with the SMS code, an authenticator app code, a passkey or a recovery code',
    tag: 'session',
    status: 200,
    response: tokenResponse,
    body: mfaConfirmBody,
    handler: async (c, { body }) => {
      const grant = await confirmLoginMfa(deps, {
        mfaPendingToken: body.mfa_pending_token,
        code: body.code ?? '',
        method: body.method,
        passkey:
          body.challenge_id === undefined || body.credential === undefined
            ? undefined
            : { challengeId: body.challenge_id, credential: assertionCredential(body.credential) },
        ip: c.get('clientIp'),
        userAgent: c.req.header('user-agent') ?? null,
      });
      if (cookies) setSessionCookies(c, deps.config, grant.accessToken, grant.expiresIn);
      return c.json(tokenBodyOf(grant), 200);
    },
  });

  // Mounted whatever `enable_passkeys` says: a user's registered passkey stays a factor.
  defineRoute(app, table, prefix, {
    method: 'post',
    path: '/login/mfa-passkey/start',
    summary: 'Passkey request options for the pending sign-in’s user, limited to their passkeys',
    tag: 'session',
    status: 200,
    response: passkeyOptionsResponse,
    body: mfaPasskeyStartBody,
    handler: async (c, { body }) => {
      const started = await startMfaPasskey(deps, {
        mfaPendingToken: body.mfa_pending_token,
        ip: c.get('clientIp'),
      });
      return c.json({ challenge_id: started.challengeId, options: started.options }, 200);
    },
  });

  defineRoute(app, table, prefix, {
    method: 'post',
    path: '/logout',
    summary: 'Revoke the presented session token',
    tag: 'session',
    status: 200,
    response: messageResponse,
    secured: true,
    guard: requireSession(deps, 'user'),
    handler: async (c) => {
      await logout(deps, c.get('session'));
      if (cookies) clearSessionCookies(c, deps.config);
      return c.json({ message: 'Logged out.' }, 200);
    },
  });
}
