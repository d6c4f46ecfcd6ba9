import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFakeClock, FAKE_CLOCK_START } from '../clock/fake-clock.js';
import { deriveSecret } from '../crypto/derive-secret.js';
import { ConfigError } from '../errors/errors.js';
import { TOKEN_PURPOSES, type TokenPurpose } from '../ports/tokens.js';
import { DECODE_REASONS } from './decode-reasons.js';
import { JWT_ALGORITHMS, type JwtAlgorithm } from './jwt-algorithms.js';
import { createJwtCodec, type JwtCodecOptions, MAX_TOKEN_LENGTH } from './jwt-codec.js';

const SECRET = 'correct-horse-battery-staple';
const TTL = {
  session: 7200,
  password_reset: 1800,
  email_change: 3600,
  phone_setup: 600,
  login_mfa: 600,
} as const satisfies Record<TokenPurpose, number>;
const START_SECONDS = FAKE_CLOCK_START / 1e6;
const DIGESTS = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' } as const;

function setup(overrides: Partial<JwtCodecOptions> = {}) {
  const clock = createFakeClock();
  const codec = createJwtCodec({
    secret: SECRET,
    algorithm: 'HS256',
    audience: null,
    clock,
    ttlSeconds: TTL,
    ...overrides,
  });
  return { clock, codec };
}

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

/** Signs arbitrary header and payload text with a purpose's derived key, as an attacker who knew it could. */
function forge(
  payload: unknown,
  options: {
    purpose?: TokenPurpose;
    alg?: JwtAlgorithm;
    header?: string;
    rawPayload?: string;
  } = {},
): string {
  const alg = options.alg ?? 'HS256';
  const header = options.header ?? `{"alg":"${alg}","typ":"JWT"}`;
  const body = options.rawPayload ?? b64(JSON.stringify(payload));
  const input = `${b64(header)}.${body}`;
  const key = deriveSecret(SECRET, options.purpose ?? 'session');
  return `${input}.${createHmac(DIGESTS[alg], key).update(input).digest('base64url')}`;
}

function validPayload(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub: 'user-1',
    jti: 'AAAAAAAAAAAAAAAAAAAAAA',
    iat: START_SECONDS,
    exp: START_SECONDS + 60,
    purpose: 'session',
    ...extra,
  };
}

function extraFor(purpose: TokenPurpose) {
  if (purpose === 'email_change') return { new_email: 'new@example.com' };
  if (purpose === 'phone_setup') return { phone: '+14155550100' };
  return undefined;
}

function payloadJson(token: string): string {
  return Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8');
}

describe('createJwtCodec — round trip', () => {
  for (const algorithm of JWT_ALGORITHMS) {
    for (const purpose of TOKEN_PURPOSES) {
      it(`${algorithm} ${purpose}: decode returns the issued claims`, () => {
        const { codec, clock } = setup({ algorithm });
        clock.advanceMicros(123_456);
        const issued = codec.issue({ purpose, subject: 'user-1', extra: extraFor(purpose) });
        const result = codec.decode(issued.token, purpose);
        expect(result).toEqual({ ok: true, claims: issued.claims });
        expect(issued.claims.iat).toBe(FAKE_CLOCK_START + 123_456);
        expect(issued.claims.exp).toBe((START_SECONDS + TTL[purpose]) * 1e6);
      });
    }
  }

  it('carries new_email and phone on their purposes', () => {
    const { codec } = setup();
    const change = codec.issue({
      purpose: 'email_change',
      subject: 'u',
      extra: { new_email: 'new@example.com' },
    });
    expect(codec.decode(change.token, 'email_change')).toMatchObject({
      ok: true,
      claims: { new_email: 'new@example.com' },
    });
    const phone = codec.issue({
      purpose: 'phone_setup',
      subject: 'u',
      extra: { phone: '+14155550100' },
    });
    expect(codec.decode(phone.token, 'phone_setup')).toMatchObject({
      ok: true,
      claims: { phone: '+14155550100' },
    });
  });

  it('refuses to mint email_change or phone_setup tokens without their claim', () => {
    const { codec } = setup();
    expect(() => codec.issue({ purpose: 'email_change', subject: 'u' })).toThrow(TypeError);
    expect(() =>
      codec.issue({ purpose: 'phone_setup', subject: 'u', extra: { new_email: 'x@y.z' } }),
    ).toThrow(TypeError);
  });

  it('leaves out extras that do not belong to the purpose', () => {
    const { codec } = setup();
    const issued = codec.issue({ purpose: 'session', subject: 'u', extra: { phone: '+1' } });
    expect(payloadJson(issued.token)).not.toContain('phone');
    expect(issued.claims).not.toHaveProperty('phone');
  });

  it('honours a per-call TTL', () => {
    const { codec } = setup();
    const issued = codec.issue({ purpose: 'session', subject: 'u', ttlSeconds: 30 });
    expect(issued.claims.exp).toBe((START_SECONDS + 30) * 1e6);
  });

  it('keeps non-ASCII subjects and emails intact', () => {
    const { codec } = setup();
    const issued = codec.issue({
      purpose: 'email_change',
      subject: 'üser-\u{1F600}',
      extra: { new_email: 'ñew@exämple.com' },
    });
    expect(codec.decode(issued.token, 'email_change')).toEqual({ ok: true, claims: issued.claims });
  });
});

describe('createJwtCodec — wire format', () => {
  it('writes the pinned header', () => {
    for (const algorithm of JWT_ALGORITHMS) {
      const { codec } = setup({ algorithm });
      const [header] = codec.issue({ purpose: 'session', subject: 'u' }).token.split('.');
      expect(Buffer.from(header ?? '', 'base64url').toString()).toBe(
        `{"alg":"${algorithm}","typ":"JWT"}`,
      );
    }
  });

  it('writes claims in spec order with iat at six decimals', () => {
    const { codec, clock } = setup();
    clock.advanceMicros(123_456);
    const { token, claims } = codec.issue({ purpose: 'session', subject: 'user-1' });
    expect(payloadJson(token)).toBe(
      `{"sub":"user-1","jti":"${claims.jti}","iat":1735689600.123456,"exp":1735696800,"purpose":"session"}`,
    );
  });

  it('writes trailing zeros for whole and half seconds', () => {
    const { codec, clock } = setup();
    expect(payloadJson(codec.issue({ purpose: 'session', subject: 'u' }).token)).toContain(
      '"iat":1735689600.000000,',
    );
    clock.advance(0.5);
    expect(payloadJson(codec.issue({ purpose: 'session', subject: 'u' }).token)).toContain(
      '"iat":1735689600.500000,',
    );
  });

  it('round-trips iat to the exact microsecond', () => {
    const { codec, clock } = setup();
    for (const micros of [1, 999_999, 500_001, 123_457]) {
      clock.set(FAKE_CLOCK_START + micros);
      const { token } = codec.issue({ purpose: 'session', subject: 'u' });
      const result = codec.decode(token, 'session');
      expect(result.ok && result.claims.iat).toBe(FAKE_CLOCK_START + micros);
    }
  });

  it('writes aud after purpose, then the extra claim, when an audience is configured', () => {
    const { codec } = setup({ audience: 'my-app' });
    const { token, claims } = codec.issue({
      purpose: 'email_change',
      subject: 'u',
      extra: { new_email: 'n@example.com' },
    });
    expect(payloadJson(token)).toMatch(
      /"purpose":"email_change","aud":"my-app","new_email":"n@example\.com"}$/,
    );
    expect(claims.aud).toBe('my-app');
  });

  it('uses a fresh 22-character jti for every token', () => {
    const { codec } = setup();
    const jtis = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const { jti } = codec.issue({ purpose: 'session', subject: 'u' }).claims;
      expect(jti).toMatch(/^[A-Za-z0-9_-]{22}$/);
      jtis.add(jti);
    }
    expect(jtis.size).toBe(200);
  });

  it('exp is floor(iat + ttl)', () => {
    const { codec, clock } = setup();
    clock.advanceMicros(999_999);
    const { token } = codec.issue({ purpose: 'session', subject: 'u' });
    expect(payloadJson(token)).toContain(`"exp":${START_SECONDS + 7200},`);
  });
});

describe('createJwtCodec — expiry on the injected clock', () => {
  it('is valid 1 µs before exp and expired at exp', () => {
    const { codec, clock } = setup();
    const { token, claims } = codec.issue({ purpose: 'password_reset', subject: 'u' });
    clock.set(claims.exp - 1);
    expect(codec.decode(token, 'password_reset').ok).toBe(true);
    clock.set(claims.exp);
    expect(codec.decode(token, 'password_reset')).toEqual({
      ok: false,
      reason: 'Signature has expired',
    });
    clock.set(claims.exp + 3_600_000_000);
    expect(codec.decode(token, 'password_reset')).toEqual({
      ok: false,
      reason: 'Signature has expired',
    });
  });

  it('does not check iat or nbf against time', () => {
    const { codec } = setup();
    const future = forge(validPayload({ iat: START_SECONDS + 1e6, nbf: START_SECONDS + 1e6 }));
    expect(codec.decode(future, 'session').ok).toBe(true);
  });
});

describe('createJwtCodec — rejections', () => {
  const reject = (token: string, purpose: TokenPurpose = 'session', options = {}) =>
    setup(options).codec.decode(token, purpose);

  it('accepts the forge helper’s baseline token', () => {
    expect(reject(forge(validPayload()))).toMatchObject({ ok: true });
  });

  it('refuses a tampered payload', () => {
    const { codec } = setup();
    const [header, , signature] = codec
      .issue({ purpose: 'session', subject: 'u' })
      .token.split('.');
    const payload = b64(JSON.stringify(validPayload({ sub: 'admin' })));
    expect(codec.decode(`${header}.${payload}.${signature}`, 'session')).toEqual({
      ok: false,
      reason: 'Signature verification failed',
    });
  });

  it('refuses a tampered signature', () => {
    const { codec } = setup();
    const { token } = codec.issue({ purpose: 'session', subject: 'u' });
    const flipped = token.slice(0, -10) + (token.at(-10) === 'A' ? 'B' : 'A') + token.slice(-9);
    expect(codec.decode(flipped, 'session')).toEqual({
      ok: false,
      reason: 'Signature verification failed',
    });
    expect(codec.decode(token.slice(0, -1), 'session')).toMatchObject({ ok: false });
    expect(codec.decode(`${token}=`, 'session')).toMatchObject({ ok: false });
    expect(codec.decode(`${token.split('.').slice(0, 2).join('.')}.`, 'session')).toMatchObject({
      ok: false,
    });
  });

  it('refuses a token signed with another secret', () => {
    const other = createJwtCodec({
      secret: 'another-secret',
      algorithm: 'HS256',
      audience: null,
      clock: createFakeClock(),
      ttlSeconds: TTL,
    });
    const { token } = other.issue({ purpose: 'session', subject: 'u' });
    expect(reject(token)).toEqual({ ok: false, reason: 'Signature verification failed' });
  });

  it('refuses an algorithm swap (HS256 token under an HS512 configuration and back)', () => {
    const hs256 = setup({ algorithm: 'HS256' }).codec.issue({ purpose: 'session', subject: 'u' });
    expect(reject(hs256.token, 'session', { algorithm: 'HS512' })).toEqual({
      ok: false,
      reason: DECODE_REASONS.algorithmNotAllowed,
    });
    const hs512 = forge(validPayload(), { alg: 'HS512' });
    expect(reject(hs512)).toEqual({ ok: false, reason: DECODE_REASONS.algorithmNotAllowed });
  });

  it('refuses alg none', () => {
    const unsigned = `${b64('{"alg":"none","typ":"JWT"}')}.${b64(JSON.stringify(validPayload()))}.`;
    expect(reject(unsigned)).toEqual({ ok: false, reason: DECODE_REASONS.algorithmNotAllowed });
    const noneUpper = `${b64('{"alg":"None"}')}.${b64(JSON.stringify(validPayload()))}.`;
    expect(reject(noneUpper)).toMatchObject({ ok: false });
  });

  it('refuses any header other than the pinned bytes, even when correctly signed', () => {
    const headers = [
      '{"alg":"HS256","typ":"JWT","kid":"x"}',
      '{"typ":"JWT","alg":"HS256"}',
      '{"alg":"HS256"}',
      '{"alg": "HS256", "typ": "JWT"}',
      '{"alg":"HS256","typ":"JWT","crit":["exp"]}',
      'not json',
    ];
    for (const header of headers) {
      const result = reject(forge(validPayload(), { header }));
      expect(result, header).toEqual({ ok: false, reason: DECODE_REASONS.invalidHeader });
    }
  });

  it('refuses every other purpose’s token with a signature failure', () => {
    const { codec } = setup();
    for (const minted of TOKEN_PURPOSES) {
      const { token } = codec.issue({ purpose: minted, subject: 'u', extra: extraFor(minted) });
      for (const expected of TOKEN_PURPOSES) {
        if (expected === minted) continue;
        expect(codec.decode(token, expected)).toEqual({
          ok: false,
          reason: 'Signature verification failed',
        });
      }
    }
  });

  it('refuses a purpose claim that disagrees with the key', () => {
    const token = forge(validPayload({ purpose: 'password_reset' }), { purpose: 'session' });
    expect(reject(token)).toEqual({ ok: false, reason: 'token purpose mismatch' });
  });

  it('refuses a token carrying aud when no audience is configured', () => {
    expect(reject(forge(validPayload({ aud: 'my-app' })))).toEqual({
      ok: false,
      reason: 'Invalid audience',
    });
    expect(reject(forge(validPayload({ aud: null })))).toEqual({
      ok: false,
      reason: 'Invalid audience',
    });
    const withAud = setup({ audience: 'my-app' }).codec.issue({ purpose: 'session', subject: 'u' });
    expect(reject(withAud.token)).toEqual({ ok: false, reason: 'Invalid audience' });
  });

  it('requires the configured audience, exactly', () => {
    const options = { audience: 'my-app' };
    expect(reject(forge(validPayload({ aud: 'my-app' })), 'session', options)).toMatchObject({
      ok: true,
      claims: { aud: 'my-app' },
    });
    expect(reject(forge(validPayload({ aud: 'other-app' })), 'session', options)).toEqual({
      ok: false,
      reason: "Audience doesn't match",
    });
    expect(reject(forge(validPayload({ aud: ['my-app'] })), 'session', options)).toEqual({
      ok: false,
      reason: "Audience doesn't match",
    });
    expect(reject(forge(validPayload()), 'session', options)).toEqual({
      ok: false,
      reason: 'Token is missing the "aud" claim',
    });
    const noAud = setup().codec.issue({ purpose: 'session', subject: 'u' });
    expect(reject(noAud.token, 'session', options)).toMatchObject({ ok: false });
  });

  it.each(['sub', 'exp', 'iat', 'jti', 'purpose'])('requires the %s claim', (claim) => {
    const payload = validPayload();
    delete payload[claim];
    expect(reject(forge(payload))).toEqual({
      ok: false,
      reason: `Token is missing the "${claim}" claim`,
    });
  });

  it('requires new_email on email_change and phone on phone_setup', () => {
    const change = forge(validPayload({ purpose: 'email_change' }), { purpose: 'email_change' });
    expect(reject(change, 'email_change')).toEqual({
      ok: false,
      reason: 'Token is missing the "new_email" claim',
    });
    const phone = forge(validPayload({ purpose: 'phone_setup' }), { purpose: 'phone_setup' });
    expect(reject(phone, 'phone_setup')).toEqual({
      ok: false,
      reason: 'Token is missing the "phone" claim',
    });
    const wrongType = forge(validPayload({ purpose: 'phone_setup', phone: 14155550100 }), {
      purpose: 'phone_setup',
    });
    expect(reject(wrongType, 'phone_setup')).toMatchObject({ ok: false });
  });

  it.each([
    ['sub', 42],
    ['sub', null],
    ['jti', 1],
    ['iat', '1735689600'],
    ['exp', '1735689660'],
    ['exp', null],
    ['exp', true],
    ['purpose', 1],
  ])('refuses %s = %j', (claim, value) => {
    expect(reject(forge(validPayload({ [claim]: value })))).toMatchObject({ ok: false });
  });

  it('refuses a payload that is not JSON', () => {
    expect(reject(forge(null, { rawPayload: b64('not json') }))).toEqual({
      ok: false,
      reason: DECODE_REASONS.payloadNotObject,
    });
    expect(reject(forge(null, { rawPayload: b64('{"sub":"u",') }))).toMatchObject({ ok: false });
  });

  it.each([[[]], ['x'], [1], [null], [true]])('refuses the non-object payload %j', (payload) => {
    expect(reject(forge(payload))).toEqual({ ok: false, reason: DECODE_REASONS.payloadNotObject });
  });

  it('refuses a payload segment that is not base64url', () => {
    const standard = Buffer.from(JSON.stringify(validPayload())).toString('base64');
    expect(reject(forge(null, { rawPayload: `${standard}==` }))).toEqual({
      ok: false,
      reason: DECODE_REASONS.invalidPayloadEncoding,
    });
    expect(reject(forge(null, { rawPayload: `${b64('{}')}*` }))).toMatchObject({ ok: false });
  });

  it('refuses oversized tokens before any other work', () => {
    const big = forge(validPayload({ pad: 'x'.repeat(MAX_TOKEN_LENGTH) }));
    expect(reject(big)).toEqual({ ok: false, reason: 'Token is too large' });
    expect(reject('a'.repeat(MAX_TOKEN_LENGTH + 1))).toEqual({
      ok: false,
      reason: 'Token is too large',
    });
  });

  it.each([
    ['', DECODE_REASONS.notEnoughSegments],
    ['abc', DECODE_REASONS.notEnoughSegments],
    ['a.b', DECODE_REASONS.notEnoughSegments],
    ['a.b.c.d', DECODE_REASONS.tooManySegments],
    ['..', DECODE_REASONS.invalidHeader],
  ])('refuses the malformed token %j', (token, reason) => {
    expect(reject(token)).toEqual({ ok: false, reason });
  });

  it('never throws, whatever it is given', () => {
    const { codec } = setup();
    const { token } = codec.issue({ purpose: 'session', subject: 'u' });
    const inputs: unknown[] = [undefined, null, 42, {}, ['a.b.c'], Symbol('x')];
    for (const input of inputs) {
      expect(codec.decode(input as string, 'session')).toMatchObject({ ok: false });
    }
    expect(codec.decode(token, 'nonsense' as TokenPurpose)).toMatchObject({ ok: false });
    for (let i = 0; i < 2000; i++) {
      const at = Math.floor(Math.random() * token.length);
      const char = String.fromCharCode(Math.floor(Math.random() * 0x3000));
      const mutated = token.slice(0, at) + char + token.slice(at + 1);
      const result = codec.decode(mutated, 'session');
      if (mutated !== token) expect(result.ok).toBe(false);
    }
  });
});

describe('createJwtCodec — construction', () => {
  it('refuses an empty secret with a ConfigError', () => {
    expect(() => setup({ secret: '' })).toThrow(ConfigError);
  });

  it('refuses an unknown algorithm', () => {
    expect(() => setup({ algorithm: 'none' as JwtAlgorithm })).toThrow(ConfigError);
    expect(() => setup({ algorithm: 'RS256' as JwtAlgorithm })).toThrow(ConfigError);
  });

  it('refuses a non-positive TTL', () => {
    expect(() => setup({ ttlSeconds: { ...TTL, login_mfa: 0 } })).toThrow(ConfigError);
    expect(() => setup({ ttlSeconds: { ...TTL, session: Number.NaN } })).toThrow(ConfigError);
  });
});
