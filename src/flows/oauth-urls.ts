import type { RegstackConfig } from '../config/schema.js';
import { RegstackError } from '../errors/errors.js';

const DEFAULT_REDIRECT = '/account/me';
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
const UNSAFE = /[\\\u0000-\u001f\u007f]/;

function trimSlash(text: string): string {
  return text.replace(/\/+$/, '');
}

/** The value percent-decoded until it stops changing (three rounds at most); null if malformed. */
function decoded(value: string): string | null {
  let current = value;
  for (let round = 0; round < 3; round++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) return current;
    current = next;
  }
  return current;
}

/**
 * `redirect_to` of the start routes (spec §7.3 step 3, Decision 2): a path is kept as it is
 * (empty means `/account/me`); a URL must have `base_url`'s origin. A host's client may
 * assign the value to `location` as it is, and browsers strip whitespace, read `\` as `/`
 * and some decode escapes before they resolve it, so a path must start with one `/` and
 * must still look like a path after decoding: no whitespace, control characters or
 * backslashes, no `//` or scheme at its start (advisory class 10).
 */
export function checkRedirectTo(config: RegstackConfig, value: string | undefined): string {
  if (value === undefined || value === '') return DEFAULT_REDIRECT;
  const plain = decoded(value);
  if (plain === null || UNSAFE.test(value) || UNSAFE.test(plain) || /\s/.test(plain)) {
    throw new RegstackError('redirect_not_same_origin');
  }
  if (!SCHEME.test(value)) {
    if (!value.startsWith('/') || plain.startsWith('//') || SCHEME.test(plain)) {
      throw new RegstackError('redirect_not_same_origin');
    }
    return value;
  }
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
