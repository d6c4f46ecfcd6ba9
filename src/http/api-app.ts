import { OpenAPIHono } from '@hono/zod-openapi';
import { runWithAuditClient } from '../audit/client-context.js';
import type { FlowDeps } from '../flows/deps.js';
import type { RouteLimit } from '../limits/route-limits.js';
import type { OAuthRegistry } from '../oauth/registry.js';
import type { AppEnv } from './app-env.js';
import type { RouteTable } from './define-route.js';
import { errorResponse } from './error-response.js';
import { clientIp } from './middleware/client-ip.js';
import { jsonBody } from './middleware/json-body.js';
import { rateLimit } from './middleware/rate-limit.js';
import { securityHeaders } from './middleware/security-headers.js';
import type { RouteContext } from './route-context.js';
import { mountAccountManagementRoutes } from './routes/account-management-routes.js';
import { mountAccountRoutes } from './routes/account-routes.js';
import { mountAdminRoutes } from './routes/admin-routes.js';
import { mountAdminAuditRoutes, mountAuditRoutes } from './routes/audit-routes.js';
import { mountLoginRoutes } from './routes/login-routes.js';
import { mountOAuthRoutes } from './routes/oauth-routes.js';
import { mountPasskeyRoutes } from './routes/passkey-routes.js';
import { mountPasswordRoutes } from './routes/password-routes.js';
import { mountPhoneRoutes } from './routes/phone-routes.js';
import { mountRegisterRoutes } from './routes/register-routes.js';
import { mountSessionRoutes } from './routes/session-routes.js';
import { mountTotpRoutes } from './routes/totp-routes.js';

export interface ApiApp {
  readonly app: OpenAPIHono<AppEnv>;
  readonly table: RouteTable;
}

export const API_VERSION = '0.1.0';

/** The JSON API, its routes relative to `api_prefix` (spec §6.1 decides what is mounted). */
export function createApiApp(
  deps: FlowDeps,
  prefix: string,
  limits: readonly RouteLimit[] = [],
  oauth?: OAuthRegistry | undefined,
): ApiApp {
  const app = new OpenAPIHono<AppEnv>();
  const table: RouteTable = [];
  app.onError((error) => errorResponse(error, deps.logger));
  app.use(
    '*',
    securityHeaders(),
    clientIp({
      behindProxy: deps.config.behind_proxy,
      trustedProxyHops: deps.config.trusted_proxy_hops,
    }),
    // After clientIp, so audit events carry the address the rate limits count.
    (c, next) =>
      runWithAuditClient(
        { ip: c.get('clientIp'), userAgent: c.req.header('user-agent') ?? null },
        next,
      ),
  );
  // Rate limits come before the body is read (DESIGN §3 request order).
  for (const limit of limits) app.use(limit.path, rateLimit(limit));
  app.use('*', jsonBody());

  const context: RouteContext = { app, table, prefix, deps };
  mountRegisterRoutes(context);
  mountLoginRoutes(context);
  mountAccountRoutes(context);
  mountSessionRoutes(context);
  mountAuditRoutes(context);
  mountAccountManagementRoutes(context);
  if (deps.config.enable_password_reset) mountPasswordRoutes(context);
  if (deps.config.enable_admin_router) {
    mountAdminRoutes(context);
    mountAdminAuditRoutes(context);
  }
  if (deps.config.enable_sms_2fa) mountPhoneRoutes(context);
  if (deps.config.enable_totp) mountTotpRoutes(context);
  if (deps.config.enable_passkeys) mountPasskeyRoutes(context);
  // Spec §1: mounted when enabled and a provider is registered when the app is built.
  if (deps.config.enable_oauth && oauth !== undefined && oauth.names().length > 0) {
    mountOAuthRoutes(context, oauth);
  }

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  let document: unknown;
  app.get('/openapi.json', (c) => {
    document ??= app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: { title: `${deps.config.app_name} accounts API`, version: API_VERSION },
      servers: [{ url: prefix === '' ? '/' : prefix }],
    });
    return c.json(document);
  });
  table.push({ method: 'GET', pattern: new RegExp(`^${escapeRegExp(prefix)}/openapi\\.json$`) });
  return { app, table };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
