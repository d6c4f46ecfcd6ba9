import type { RegstackConfig } from '../config/schema.js';
import { RegstackError } from '../errors/errors.js';

const DEFAULT_REDIRECT = '/account/me';
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
const UNSAFE = /[\\\u0000-\u001f\u007f]/;

function trimSlash(text: string): string {
  return text.replace(/\/+$/, '');
}

/**
 * `redirect_to` of the start routes (spec §7.3 step 3, Decision 2): a path without scheme
 * and host is kept as it is (empty means `/account/me`); a URL must have `base_url`'s
 * origin. Backslashes and control characters, which browsers may read as `//`, are refused.
 */
export function checkRedirectTo(config: RegstackConfig, value: string | undefined): string {
  if (value === undefined || value === '') return DEFAULT_REDIRECT;
  if (UNSAFE.test(value)) throw new RegstackError('redirect_not_same_origin');
  if (!SCHEME.test(value) && !value.startsWith('//')) return value;
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (url === undefined || url.origin !== new URL(config.base_url).origin || url.host === '') {
    throw new RegstackError('redirect_not_same_origin');
  }
  return value;
}

/** The callback URL a provider returns to (spec §7.3 step 5, Decision 3). */
export function callbackUrl(config: RegstackConfig, provider: string): string {
  if (provider === 'google' && config.oauth.google_redirect_uri !== null) {
    return config.oauth.google_redirect_uri;
  }
  return `${trimSlash(config.base_url)}${trimSlash(config.api_prefix)}/oauth/${provider}/callback`;
}

/** `{ui_prefix}/login?error=<code>` (spec §7.4: relative). */
export function loginErrorUrl(config: RegstackConfig, code: string): string {
  const login = `${trimSlash(config.ui_prefix)}/login`;
  return `${login}${login.includes('?') ? '&' : '?'}error=${encodeURIComponent(code)}`;
}

/** `{ui_prefix}/oauth-complete?id=<state>` (spec §7.4). */
export function completeUrl(config: RegstackConfig, state: string): string {
  return `${trimSlash(config.ui_prefix)}/oauth-complete?id=${encodeURIComponent(state)}`;
}
