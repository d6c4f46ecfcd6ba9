import { Hono } from 'hono';
import { RegstackError } from '../errors/errors.js';
import type { FlowDeps } from '../flows/deps.js';
import type { RouteLimit } from '../limits/route-limits.js';
import type { OAuthRegistry } from '../oauth/registry.js';
import { createApiApp } from './api-app.js';
import type { AppEnv } from './app-env.js';
import { errorResponse } from './error-response.js';

/** Strips trailing slashes; the root prefix becomes the empty string. */
export function normalisePrefix(prefix: string): string {
  return prefix.replace(/\/+$/, '');
}

/** Routes already under their own prefixes (the pages and assets), and those prefixes. */
export interface MountedRoutes {
  readonly app: Hono<AppEnv>;
  readonly prefixes: readonly string[];
}

/**
 * The whole regstack HTTP surface with its prefixes: the JSON API, and the pages and
 * assets when `ui` is given. A known path called with another method answers 405.
 */
export function createHttpApp(
  deps: FlowDeps,
  limits: readonly RouteLimit[] = [],
  ui?: MountedRoutes | undefined,
  oauth?: OAuthRegistry | undefined,
): { app: Hono<AppEnv>; prefixes: string[] } {
  const prefix = normalisePrefix(deps.config.api_prefix);
  const api = createApiApp(deps, prefix, limits, oauth);
  const app = new Hono<AppEnv>();
  app.route(prefix === '' ? '/' : prefix, api.app);
  if (ui !== undefined) app.route('/', ui.app);
  app.onError((error) => errorResponse(error, deps.logger));
  app.notFound((c) => {
    const path = c.req.path;
    const known = api.table.some((route) => route.pattern.test(path));
    const code = known ? 'method_not_allowed' : 'not_found';
    return errorResponse(new RegstackError(code), deps.logger);
  });
  return { app, prefixes: [prefix, ...(ui?.prefixes ?? [])] };
}
