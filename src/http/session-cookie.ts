import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { RegstackConfig } from '../config/schema.js';
import { constantTimeEqual } from '../crypto/constant-time.js';
import { RegstackError } from '../errors/errors.js';
import type { AppEnv } from './app-env.js';
import { csrfTokenFor, csrfTokenMatches } from './csrf-token.js';

/*
 * The cookie transport (Decision 10). The session JWT travels in an HttpOnly cookie that
 * scripts cannot read. Because browsers attach cookies to cross-site requests, a
 * state-changing request authenticated by the cookie must prove it comes from our own
 * pages: either the double-submit header matches the CSRF cookie (which only a page of
 * our origin can read) and that value is the one bound to this session cookie
 * (csrf-token.ts), or the `Origin` header is the origin of `base_url`.
 */

/** The readable cookie holding the CSRF token; pages echo it in `CSRF_HEADER`. */
export const CSRF_COOKIE = 'regstack_csrf';
/** The header a cookie-authenticated state-changing request must carry (or a same-origin `Origin`). */
export const CSRF_HEADER = 'X-CSRF-Token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function secureFor(config: RegstackConfig): boolean {
  const url = new URL(config.base_url);
  return !(url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname));
}

function baseOptions(config: RegstackConfig): { path: string; secure: boolean; domain?: string } {
  return {
    path: '/',
    secure: secureFor(config),
    ...(config.cookie_domain ? { domain: config.cookie_domain } : {}),
  };
}

/** Sets the session cookie (never outliving the token) and the CSRF cookie bound to it. */
export function setSessionCookies(
  c: Context<AppEnv>,
  config: RegstackConfig,
  token: string,
  ttlSeconds: number,
): void {
  const options = baseOptions(config);
  setCookie(c, config.cookie_name, token, {
    ...options,
    httpOnly: true,
    sameSite: 'Lax',
    maxAge: ttlSeconds,
  });
  const csrf = csrfTokenFor(config, token);
  // Every session token regstack mints has a jti; without one there is nothing to bind to.
  if (csrf === null) {
    throw new TypeError('A session token without a jti cannot carry a CSRF token.');
  }
  setCookie(c, CSRF_COOKIE, csrf, {
    ...options,
    httpOnly: false,
    sameSite: 'Lax',
    maxAge: ttlSeconds,
  });
}

export function clearSessionCookies(c: Context<AppEnv>, config: RegstackConfig): void {
  const options = baseOptions(config);
  deleteCookie(c, config.cookie_name, options);
  deleteCookie(c, CSRF_COOKIE, options);
}

/** The session token from the cookie, after the CSRF check for state-changing methods. */
export function sessionFromCookie(c: Context<AppEnv>, config: RegstackConfig): string | null {
  const token = getCookie(c, config.cookie_name);
  if (!token) return null;
  if (!SAFE_METHODS.has(c.req.method) && !csrfSatisfied(c, config, token)) {
    throw new RegstackError('csrf_failed');
  }
  return token;
}

function csrfSatisfied(c: Context<AppEnv>, config: RegstackConfig, session: string): boolean {
  const header = c.req.header(CSRF_HEADER);
  const cookie = getCookie(c, CSRF_COOKIE);
  // The header must equal the cookie (double submit) and be this session's token (binding).
  if (
    header &&
    cookie &&
    constantTimeEqual(header, cookie) &&
    csrfTokenMatches(config, session, header)
  ) {
    return true;
  }
  const origin = c.req.header('origin');
  return origin !== undefined && origin === new URL(config.base_url).origin;
}
