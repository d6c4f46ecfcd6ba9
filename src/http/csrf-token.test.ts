import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../clock/fake-clock.js';
import { configFromOverrides } from '../config/load.js';
import { createJwtCodec } from '../tokens/jwt-codec.js';
import { csrfTokenFor, csrfTokenMatches } from './csrf-token.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789abcdefghijklmnopqrstuv';

function sessionToken(secret = SECRET): string {
  const codec = createJwtCodec({
    secret,
    algorithm: 'HS256',
    audience: null,
    clock: createFakeClock(),
    ttlSeconds: {
      session: 7200,
      password_reset: 1800,
      email_change: 3600,
      phone_setup: 600,
      login_mfa: 300,
    },
  });
  return codec.issue({ purpose: 'session', subject: 'u1' }).token;
}

describe('the session-bound CSRF token', () => {
  const config = configFromOverrides({ jwt_secret: SECRET });

  it('is 43 base64url characters, the same for one session and different across sessions', () => {
    const a = sessionToken();
    const b = sessionToken();
    const token = csrfTokenFor(config, a);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csrfTokenFor(config, a)).toBe(token);
    expect(csrfTokenFor(config, b)).not.toBe(token);
    expect(csrfTokenMatches(config, a, token ?? '')).toBe(true);
    expect(csrfTokenMatches(config, b, token ?? '')).toBe(false);
  });

  it('depends on jwt_secret', () => {
    const a = sessionToken();
    const other = configFromOverrides({ jwt_secret: `${SECRET}-other` });
    expect(csrfTokenFor(other, a)).not.toBe(csrfTokenFor(config, a));
  });

  it('matches nothing for a value that is not a JWT with a jti', () => {
    for (const junk of [
      '',
      'not-a-jwt',
      'a.b.c',
      `x.${Buffer.from('{"sub":"u1"}').toString('base64url')}.y`,
    ]) {
      expect(csrfTokenFor(config, junk)).toBeNull();
      expect(csrfTokenMatches(config, junk, '')).toBe(false);
    }
  });
});
