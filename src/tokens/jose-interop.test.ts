import { decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createFakeClock, FAKE_CLOCK_START } from '../clock/fake-clock.js';
import { deriveSecret } from '../crypto/derive-secret.js';
import { TOKEN_PURPOSES, type TokenPurpose } from '../ports/tokens.js';
import { JWT_ALGORITHMS } from './jwt-algorithms.js';
import { createJwtCodec } from './jwt-codec.js';

// DESIGN §7: the hand-written codec is cross-checked against jose in both directions.

const SECRET = 'correct-horse-battery-staple';
const TTL = {
  session: 7200,
  password_reset: 1800,
  email_change: 3600,
  phone_setup: 600,
  login_mfa: 600,
} as const satisfies Record<TokenPurpose, number>;
const START_SECONDS = FAKE_CLOCK_START / 1e6;
// jose's own clock checks are pinned to the fake clock's start, inside every token's lifetime.
const CURRENT_DATE = new Date(FAKE_CLOCK_START / 1000);

function extraFor(purpose: TokenPurpose): Record<string, string> {
  if (purpose === 'email_change') return { new_email: 'new@example.com' };
  if (purpose === 'phone_setup') return { phone: '+14155550100' };
  return {};
}

for (const algorithm of JWT_ALGORITHMS) {
  describe(`jose interop, ${algorithm}`, () => {
    for (const audience of [null, 'my-app']) {
      const codec = createJwtCodec({
        secret: SECRET,
        algorithm,
        audience,
        clock: createFakeClock(FAKE_CLOCK_START + 654_321),
        ttlSeconds: TTL,
      });

      it.each(TOKEN_PURPOSES)(
        `jose verifies our %s token (audience ${audience})`,
        async (purpose) => {
          const { token, claims } = codec.issue({
            purpose,
            subject: 'user-1',
            extra: extraFor(purpose),
          });
          const { payload, protectedHeader } = await jwtVerify(
            token,
            deriveSecret(SECRET, purpose),
            {
              algorithms: [algorithm],
              currentDate: CURRENT_DATE,
              ...(audience === null ? {} : { audience }),
            },
          );
          expect(protectedHeader).toEqual({ alg: algorithm, typ: 'JWT' });
          expect(payload).toEqual({
            sub: 'user-1',
            jti: claims.jti,
            iat: 1735689600.654321,
            exp: START_SECONDS + TTL[purpose],
            purpose,
            ...(audience === null ? {} : { aud: audience }),
            ...extraFor(purpose),
          });
        },
      );

      it.each(TOKEN_PURPOSES)(
        `we decode jose's %s token (audience ${audience})`,
        async (purpose) => {
          const builder = new SignJWT({
            jti: 'Zm9vYmFyYmF6cXV4cXV1eA',
            purpose,
            iat: 1735689600.123456,
            ...extraFor(purpose),
          })
            .setProtectedHeader({ alg: algorithm, typ: 'JWT' })
            .setSubject('user-1')
            .setExpirationTime(START_SECONDS + 60);
          if (audience !== null) builder.setAudience(audience);
          const token = await builder.sign(deriveSecret(SECRET, purpose));
          expect(decodeProtectedHeader(token)).toEqual({ alg: algorithm, typ: 'JWT' });

          const result = codec.decode(token, purpose);
          expect(result).toEqual({
            ok: true,
            claims: {
              sub: 'user-1',
              jti: 'Zm9vYmFyYmF6cXV4cXV1eA',
              iat: FAKE_CLOCK_START + 123_456,
              exp: (START_SECONDS + 60) * 1e6,
              purpose,
              ...(audience === null ? {} : { aud: audience }),
              ...extraFor(purpose),
            },
          });
        },
      );
    }

    it('jose rejects our token under another purpose’s key', async () => {
      const codec = createJwtCodec({
        secret: SECRET,
        algorithm,
        audience: null,
        clock: createFakeClock(),
        ttlSeconds: TTL,
      });
      const { token } = codec.issue({ purpose: 'password_reset', subject: 'u' });
      await expect(
        jwtVerify(token, deriveSecret(SECRET, 'session'), {
          algorithms: [algorithm],
          currentDate: CURRENT_DATE,
        }),
      ).rejects.toThrow();
    });

    it('we reject a jose token whose header is not the pinned one', async () => {
      const codec = createJwtCodec({
        secret: SECRET,
        algorithm,
        audience: null,
        clock: createFakeClock(),
        ttlSeconds: TTL,
      });
      const token = await new SignJWT({ jti: 'j', purpose: 'session', iat: START_SECONDS })
        .setProtectedHeader({ alg: algorithm })
        .setSubject('u')
        .setExpirationTime(START_SECONDS + 60)
        .sign(deriveSecret(SECRET, 'session'));
      expect(codec.decode(token, 'session')).toEqual({ ok: false, reason: 'Invalid header' });
    });
  });
}
