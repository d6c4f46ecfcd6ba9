import { Secret } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { matchTotpStep, newTotpSecret, totpCode, totpStep, totpUri } from './totp.js';

// RFC 6238 appendix B, SHA-1 column.
const RFC_SECRET = Secret.fromLatin1('12345678901234567890').base32;
const VECTORS = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
] as const;

describe('totp', () => {
  it.each(VECTORS)('matches the RFC 6238 vector at t=%i', (seconds, code) => {
    expect(totpCode(RFC_SECRET, seconds * 1000, { digits: 8 })).toBe(code);
    expect(matchTotpStep(RFC_SECRET, code, seconds * 1000, 0, { digits: 8 })).toBe(
      totpStep(seconds * 1000),
    );
  });

  it('accepts one step of drift either way and no more', () => {
    const secret = newTotpSecret();
    const now = 1_700_000_000_000;
    const step = totpStep(now);
    expect(matchTotpStep(secret, totpCode(secret, now - 30_000), now)).toBe(step - 1);
    expect(matchTotpStep(secret, totpCode(secret, now + 30_000), now)).toBe(step + 1);
    expect(matchTotpStep(secret, totpCode(secret, now - 90_000), now)).toBeNull();
  });

  it('rejects malformed codes', () => {
    const secret = newTotpSecret();
    expect(matchTotpStep(secret, '12345', 0)).toBeNull();
    expect(matchTotpStep(secret, '12345a', 0)).toBeNull();
  });

  it('builds an otpauth URI carrying the secret', () => {
    const secret = newTotpSecret();
    expect(secret).toHaveLength(32);
    const uri = totpUri(secret, 'Example', 'a@example.com');
    expect(uri.startsWith('otpauth://totp/')).toBe(true);
    expect(uri).toContain(`secret=${secret}`);
  });
});
