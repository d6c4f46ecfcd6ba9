import { createHmac } from 'node:crypto';
import type { RegstackConfig } from '../config/schema.js';
import { constantTimeEqual } from '../crypto/constant-time.js';
import { deriveSecret } from '../crypto/derive-secret.js';

/*
 * The double-submit CSRF token, bound to its session (issue 21, item 10). A random token
 * checked only against its own cookie can be replaced as a pair: anyone able to plant a
 * cookie for the site (a sibling subdomain, a cookie-injection bug) plants a CSRF cookie of
 * their choosing and sends the matching header. Here the token is
 * HMAC-SHA256(key, session jti), with a key derived from `jwt_secret` for this purpose only,
 * so it cannot be made without the secret and a token from one session fails with another
 * session's cookie (OWASP CSRF cheat sheet, "signed double-submit cookie").
 */

/** Not a token purpose, so the key differs from every JWT signing key. */
const CSRF_KEY_PURPOSE = 'csrf';

// The resolved config is frozen once, so one derivation per config is enough.
const keys = new WeakMap<RegstackConfig, Buffer>();

function keyFor(config: RegstackConfig): Buffer {
  let key = keys.get(config);
  if (key === undefined) {
    key = deriveSecret(config.jwt_secret.reveal(), CSRF_KEY_PURPOSE);
    keys.set(config, key);
  }
  return key;
}

/**
 * The `jti` claim of a session JWT, read without checking the signature: the token is
 * verified by `authenticate` right after the CSRF check, and a forged token fails there. A
 * token that does not parse has no jti, so no CSRF token can match it.
 */
function sessionJti(token: string): string | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined) return null;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (typeof payload !== 'object' || payload === null) return null;
    const jti: unknown = (payload as Record<string, unknown>).jti;
    return typeof jti === 'string' && jti !== '' ? jti : null;
  } catch {
    return null;
  }
}

/** The CSRF token of the session `sessionToken`, or null when the token carries no jti. */
export function csrfTokenFor(config: RegstackConfig, sessionToken: string): string | null {
  const jti = sessionJti(sessionToken);
  if (jti === null) return null;
  return createHmac('sha256', keyFor(config)).update(jti, 'utf8').digest('base64url');
}

/** True when `presented` is the CSRF token of the session `sessionToken` (constant time). */
export function csrfTokenMatches(
  config: RegstackConfig,
  sessionToken: string,
  presented: string,
): boolean {
  const expected = csrfTokenFor(config, sessionToken);
  return expected !== null && constantTimeEqual(presented, expected);
}
