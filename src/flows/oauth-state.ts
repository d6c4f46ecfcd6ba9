import { createHash } from 'node:crypto';

/*
 * The state of one OAuth flow is bound to the browser that started it. That browser holds
 * a random key in an HttpOnly cookie; the flow's nonce is a hash of the key and the state,
 * so the state row holds a hash of the cookie's value and a callback from another browser
 * (no key, or another one) cannot match it. The ID token carries the same nonce.
 */

/** The cookie holding the browser key (path: the OAuth routes). */
export const OAUTH_BROWSER_COOKIE = 'regstack_oauth';

const BROWSER_KEY = /^[A-Za-z0-9_-]{43}$/;

/** True for a value this library could have put in the cookie (32 random bytes). */
export function isBrowserKey(value: string | null | undefined): value is string {
  return typeof value === 'string' && BROWSER_KEY.test(value);
}

/** The flow's nonce: 16 bytes of SHA-256(browser key, state), URL-safe base64 (22 chars). */
export function stateNonce(browserKey: string, state: string): string {
  return createHash('sha256')
    .update(`${browserKey}.${state}`, 'utf8')
    .digest()
    .subarray(0, 16)
    .toString('base64url');
}
