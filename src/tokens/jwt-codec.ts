import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';
import { deriveSecret } from '../crypto/derive-secret.js';
import { randomToken } from '../crypto/random.js';
import { ConfigError } from '../errors/errors.js';
import { type Clock, MICROS_PER_SECOND } from '../ports/clock.js';
import {
  type DecodeResult,
  type IssuedToken,
  type IssueTokenOptions,
  TOKEN_PURPOSES,
  type TokenClaims,
  type TokenCodec,
  type TokenPurpose,
} from '../ports/tokens.js';
import { isBase64Url } from './base64url.js';
import { DECODE_REASONS } from './decode-reasons.js';
import {
  encodeHeader,
  HMAC_DIGESTS,
  isJwtAlgorithm,
  type JwtAlgorithm,
  SIGNATURE_LENGTHS,
} from './jwt-algorithms.js';
import { expirySeconds } from './numeric-date.js';
import { EXTRA_CLAIM, readClaims } from './read-claims.js';
import { rejectHeader } from './reject-header.js';
import { writeClaims } from './write-claims.js';

/**
 * Ample for any token this codec writes (about 400 bytes with a long email); bounds the work
 * a hostile bearer header can cause before the signature is checked.
 */
export const MAX_TOKEN_LENGTH = 8192;

export interface JwtCodecOptions {
  /** The master `jwt_secret`; each purpose signs with HMAC-SHA256(secret, purpose). */
  readonly secret: string;
  /** The only algorithm written and accepted. */
  readonly algorithm: JwtAlgorithm;
  /** `jwt_audience`: written as `aud` and required when set; tokens with `aud` refused when null. */
  readonly audience: string | null;
  readonly clock: Clock;
  /** Lifetime per purpose, in seconds. */
  readonly ttlSeconds: Readonly<Record<TokenPurpose, number>>;
}

function assertOptions(options: JwtCodecOptions): void {
  if (typeof options.secret !== 'string' || options.secret.length === 0) {
    throw new ConfigError(
      'jwt_secret is empty: set REGSTACK_JWT_SECRET (regstack init makes one).',
    );
  }
  if (!isJwtAlgorithm(options.algorithm)) {
    throw new ConfigError(
      `jwt_algorithm must be HS256, HS384 or HS512, got ${String(options.algorithm)}.`,
    );
  }
  for (const purpose of TOKEN_PURPOSES) {
    const ttl = options.ttlSeconds[purpose];
    if (!Number.isFinite(ttl) || ttl <= 0) {
      throw new ConfigError(`The ${purpose} token TTL must be a positive number of seconds.`);
    }
  }
}

/**
 * The regstack JWT codec: compact JWS over HMAC, one derived key per purpose, a pinned header,
 * and the claim rules of spec §4.2 checked against the injected clock. Hand-written over
 * node:crypto because it runs on every authenticated request (DESIGN §7).
 *
 * @example
 * const codec = createJwtCodec({ secret, algorithm: 'HS256', audience: null, clock, ttlSeconds });
 * const { token } = codec.issue({ purpose: 'session', subject: user.id });
 * const result = codec.decode(token, 'session');
 */
export function createJwtCodec(options: JwtCodecOptions): TokenCodec {
  assertOptions(options);
  const { algorithm, audience, clock } = options;
  const digest = HMAC_DIGESTS[algorithm];
  const signatureLength = SIGNATURE_LENGTHS[algorithm];
  const header = encodeHeader(algorithm);
  const headerPrefix = `${header}.`;
  const ttlSeconds = { ...options.ttlSeconds };

  // Derived once here, so the per-request path only runs the HMAC itself.
  const keys = new Map<TokenPurpose, KeyObject>(
    TOKEN_PURPOSES.map((purpose) => [
      purpose,
      createSecretKey(deriveSecret(options.secret, purpose)),
    ]),
  );
  const keyFor = (purpose: TokenPurpose): KeyObject => {
    const key = keys.get(purpose);
    if (key === undefined) throw new TypeError(`Unknown token purpose: ${String(purpose)}`);
    return key;
  };
  const sign = (signingInput: string, key: KeyObject): string =>
    createHmac(digest, key).update(signingInput, 'latin1').digest('base64url');

  function issue(issueOptions: IssueTokenOptions): IssuedToken {
    const { purpose, subject } = issueOptions;
    const key = keyFor(purpose);
    const ttl = issueOptions.ttlSeconds ?? ttlSeconds[purpose];
    if (!Number.isFinite(ttl) || ttl <= 0) {
      throw new RangeError(`Token TTL must be a positive number of seconds, got ${ttl}`);
    }
    const extraName = EXTRA_CLAIM[purpose];
    const extraValue = extraName === undefined ? undefined : issueOptions.extra?.[extraName];
    if (extraName !== undefined && typeof extraValue !== 'string') {
      throw new TypeError(`A ${purpose} token needs the ${extraName} claim.`);
    }

    const iat = clock.now();
    const exp = expirySeconds(iat, ttl);
    const jti = randomToken(16);
    const extra =
      extraName === undefined || extraValue === undefined
        ? null
        : { name: extraName, value: extraValue };
    const payload = Buffer.from(
      writeClaims({ sub: subject, jti, iat, exp, purpose, aud: audience, extra }),
      'utf8',
    ).toString('base64url');
    const signingInput = headerPrefix + payload;
    const token = `${signingInput}.${sign(signingInput, key)}`;

    const claims: TokenClaims = {
      sub: subject,
      jti,
      iat,
      exp: exp * MICROS_PER_SECOND,
      purpose,
      ...(audience === null ? {} : { aud: audience }),
      ...(extra === null
        ? {}
        : extra.name === 'new_email'
          ? { new_email: extra.value }
          : { phone: extra.value }),
    };
    return { token, claims };
  }

  function decode(token: string, purpose: TokenPurpose): DecodeResult {
    const key = keys.get(purpose);
    if (key === undefined) return { ok: false, reason: DECODE_REASONS.purposeMismatch };
    if (typeof token !== 'string') return { ok: false, reason: DECODE_REASONS.notAString };
    if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: DECODE_REASONS.tooLarge };

    const first = token.indexOf('.');
    const second = first === -1 ? -1 : token.indexOf('.', first + 1);
    if (second === -1) return { ok: false, reason: DECODE_REASONS.notEnoughSegments };
    if (token.indexOf('.', second + 1) !== -1) {
      return { ok: false, reason: DECODE_REASONS.tooManySegments };
    }
    if (first !== header.length || !token.startsWith(headerPrefix)) {
      return { ok: false, reason: rejectHeader(token.slice(0, first), algorithm) };
    }

    const payload = token.slice(first + 1, second);
    if (!isBase64Url(payload)) return { ok: false, reason: DECODE_REASONS.invalidPayloadEncoding };
    const signature = token.slice(second + 1);
    // The length of an HMAC signature is public; only its content is compared in constant time.
    if (signature.length !== signatureLength || !isBase64Url(signature)) {
      return { ok: false, reason: DECODE_REASONS.badSignature };
    }
    const expected = sign(token.slice(0, second), key);
    if (!timingSafeEqual(Buffer.from(signature, 'latin1'), Buffer.from(expected, 'latin1'))) {
      return { ok: false, reason: DECODE_REASONS.badSignature };
    }

    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: DECODE_REASONS.payloadNotObject };
    }
    return readClaims(parsed, { purpose, audience, now: clock.now() });
  }

  return { issue, decode };
}
