import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { listOAuthProviders, unlinkOAuth } from '../../flows/oauth-accounts.js';
import { oauthCallback } from '../../flows/oauth-callback.js';
import type { OAuthFlowDeps } from '../../flows/oauth-deps.js';
import { exchangeOAuth } from '../../flows/oauth-exchange.js';
import { startOAuth } from '../../flows/oauth-start.js';
import { OAUTH_BROWSER_COOKIE } from '../../flows/oauth-state.js';
import type { AppEnv } from '../app-env.js';
import { defineRoute } from '../define-route.js';
import { codePointString } from '../fields.js';
import { requireSession } from '../middleware/auth.js';
import type { RouteContext } from '../route-context.js';
import { messageResponse } from '../schemas/responses.js';
import { setSessionCookies } from '../session-cookie.js';

/* The OAuth routes of spec §6.22 and §7.3–§7.7. */

interface ExchangeRequest {
  id: string;
}
const exchangeBody: z.ZodType<ExchangeRequest> = z.strictObject({
  id: codePointString({ min: 8, max: 128 }),
});
const providerPath = z.object({ provider: z.string() });
const startQuery = z.object({ redirect_to: z.string().optional() });
const callbackQuery = z.object({
  code: z.string().optional(),
  state: z.string().optional(),
  error: z.string().optional(),
});

const providersResponse = z.object({
  available: z.array(z.string()),
  providers: z.array(z.object({ name: z.string(), display_name: z.string() })),
  linked: z.array(
    z.object({
      provider: z.string(),
      email: z.string().nullable(),
      linked_at: z.string(),
      last_used_at: z.string().nullable(),
    }),
  ),
});
const exchangeResponse = z.union([
  z.object({
    access_token: z.string(),
    redirect_to: z.string(),
    was_new_account: z.boolean(),
    token_type: z.literal('bearer'),
    expires_in: z.number().int(),
  }),
  z.object({
    status: z.literal('mfa_required'),
    mfa_pending_token: z.string(),
    expires_in: z.number().int(),
    delivery: z.enum(['sms', 'totp', 'passkey']),
    methods: z.array(z.enum(['sms', 'totp', 'passkey', 'recovery_code'])),
    redirect_to: z.string(),
  }),
]);
const redirectResponse = z.null();

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Mounts the OAuth routes when `enable_oauth` is on and a provider is registered (§1). */
export function mountOAuthRoutes(
  { app, table, prefix, deps }: RouteContext,
  oauth: OAuthFlowDeps['oauth'],
): void {
  const flowDeps: OAuthFlowDeps = { ...deps, oauth };
  const { config } = deps;
  const base = new URL(config.base_url);
  const secure = !(base.protocol === 'http:' && LOCAL_HOSTS.has(base.hostname));
  const cookiePath = `${prefix}/oauth`;
  const browserKey = (c: Context<AppEnv>): string | undefined => getCookie(c, OAUTH_BROWSER_COOKIE);
  const keepBrowserKey = (c: Context<AppEnv>, key: string): void => {
    setCookie(c, OAUTH_BROWSER_COOKIE, key, {
      path: cookiePath,
      httpOnly: true,
      sameSite: 'Lax',
      secure,
      maxAge: config.oauth.state_ttl_seconds,
    });
  };

  defineRoute(app, table, prefix, {
    method: 'get',
    path: '/oauth/providers',
    summary: 'List the configured providers and the caller’s linked ones',
    tag: 'oauth',
    status: 200,
    response: providersResponse,
    secured: true,
    guard: requireSession(deps, 'user'),
    handler: async (c) => c.json(await listOAuthProviders(flowDeps, c.get('session').user), 200),
  });

  defineRoute(app, table, prefix, {
    method: 'post',
    path: '/oauth/exchange',
    summary: 'Trade a completed OAuth flow for its session token',
    tag: 'oauth',
    status: 200,
    response: exchangeResponse,
    body: exchangeBody,
    handler: async (c, { body }) => {
      const outcome = await exchangeOAuth(deps, body.id);
      if (outcome.kind === 'mfa_required') {
        return c.json(
          {
            status: 'mfa_required',
            mfa_pending_token: outcome.mfaPendingToken,
            expires_in: outcome.expiresIn,
            delivery: outcome.delivery,
            methods: outcome.methods,
            redirect_to: outcome.redirectTo,
          },
          200,
        );
      }
      if (config.transport === 'cookie') {
        setSessionCookies(c, config, outcome.accessToken, outcome.expiresIn);
      }
      return c.json(
        {
          access_token: outcome.accessToken,
          redirect_to: outcome.redirectTo,
          was_new_account: outcome.wasNewAccount,
          token_type: 'bearer',
          expires_in: outcome.expiresIn,
        },
        200,
      );
    },
  });

  defineRoute(app, table, prefix, {
    method: 'get',
    path: '/oauth/:provider/start',
    summary: 'Start signing in with a provider (302 to its sign-in page)',
    tag: 'oauth',
    status: 302,
    response: redirectResponse,
    params: providerPath,
    query: startQuery,
    handler: async (c, { params, query }) => {
      const started = await startOAuth(flowDeps, {
        provider: params.provider,
        redirectTo: query.redirect_to,
        mode: 'signin',
        linkingUserId: null,
        browserKey: browserKey(c),
      });
      keepBrowserKey(c, started.browserKey);
      return c.redirect(started.authorizationUrl, 302);
    },
  });

  defineRoute(app, table, prefix, {
    method: 'get',
    path: '/oauth/:provider/callback',
    summary: 'Where the provider returns the browser (always a 302)',
    tag: 'oauth',
    status: 302,
    response: redirectResponse,
    params: providerPath,
    query: callbackQuery,
    handler: async (c, { params }) => {
      const location = await oauthCallback(flowDeps, {
        provider: params.provider,
        query: new URL(c.req.url).searchParams,
        browserKey: browserKey(c),
        ip: c.get('clientIp'),
        userAgent: c.req.header('user-agent') ?? null,
      });
      return c.redirect(location, 302);
    },
  });

  defineRoute(app, table, prefix, {
    method: 'post',
    path: '/oauth/:provider/link/start',
    summary: 'Start linking a provider to the signed-in account',
    tag: 'oauth',
    status: 200,
    response: z.object({ authorization_url: z.string() }),
    params: providerPath,
    query: startQuery,
    secured: true,
    guard: requireSession(deps, 'user'),
    handler: async (c, { params, query }) => {
      const started = await startOAuth(flowDeps, {
        provider: params.provider,
        redirectTo: query.redirect_to,
        mode: 'link',
        linkingUserId: c.get('session').user.id,
        browserKey: browserKey(c),
      });
      keepBrowserKey(c, started.browserKey);
      return c.json({ authorization_url: started.authorizationUrl }, 200);
    },
  });

  defineRoute(app, table, prefix, {
    method: 'delete',
    path: '/oauth/:provider/link',
    summary: 'Unlink a provider from the signed-in account',
    tag: 'oauth',
    status: 200,
    response: messageResponse,
    params: providerPath,
    secured: true,
    guard: requireSession(deps, 'user'),
    handler: async (c, { params }) => {
      await unlinkOAuth(deps, c.get('session').user, params.provider);
      return c.json({ message: `Unlinked ${params.provider}.` }, 200);
    },
  });
}
