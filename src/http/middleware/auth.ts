import type { Context, MiddlewareHandler } from 'hono';
import { RegstackError } from '../../errors/errors.js';
import { authenticate, requireAdmin } from '../../flows/authenticate.js';
import type { FlowDeps } from '../../flows/deps.js';
import type { AppEnv } from '../app-env.js';
import { sessionFromCookie } from '../session-cookie.js';
import { nodeBindings, nodeRequestHeader } from './node-bindings.js';

const BEARER = /^bearer$/i;

/** The bearer credentials of a request, or null when absent, of another scheme or empty. */
export function bearerToken(header: string | undefined): string | null {
  if (header === undefined) return null;
  const trimmed = header.trim();
  const space = trimmed.indexOf(' ');
  if (space < 0) return null;
  const scheme = trimmed.slice(0, space);
  const credentials = trimmed.slice(space + 1).trim();
  if (!BEARER.test(scheme) || credentials === '') return null;
  return credentials;
}

function authorization(c: Context<AppEnv>): string | undefined {
  const { incoming } = nodeBindings(c);
  return incoming === undefined
    ? c.req.header('authorization')
    : nodeRequestHeader(incoming, 'authorization');
}

/** `current_user` / `current_admin` (spec §5.2): runs before schema validation. */
export function requireSession(
  deps: Pick<FlowDeps, 'tokens' | 'storage' | 'config'>,
  level: 'user' | 'admin',
): MiddlewareHandler<AppEnv> {
  const cookies = deps.config.transport === 'cookie';
  return async function requireSessionMiddleware(c, next) {
    // A bearer header, when present, wins and needs no CSRF check (Decision 10).
    const token =
      bearerToken(authorization(c)) ?? (cookies ? sessionFromCookie(c, deps.config) : null);
    if (token === null) throw new RegstackError('authentication_required');
    const session = await authenticate(deps, token);
    c.set('session', level === 'admin' ? requireAdmin(session) : session);
    return next();
  };
}
