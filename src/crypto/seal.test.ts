import { describe, expect, it } from 'vitest';
import { deriveSecret } from './derive-secret.js';
import { open, seal } from './seal.js';

const KEY = deriveSecret('correct-horse-battery-staple', 'totp_secret');

describe('seal/open', () => {
  it('round-trips and never emits the plaintext', () => {
    const sealed = seal(KEY, 'JBSWY3DPEHPK3PXP');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(open(KEY, sealed)).toBe('JBSWY3DPEHPK3PXP');
  });

  it('uses a fresh IV each time', () => {
    expect(seal(KEY, 'x')).not.toBe(seal(KEY, 'x'));
  });

  it('refuses a wrong key or altered ciphertext', () => {
    const sealed = seal(KEY, 'secret');
    expect(() => open(deriveSecret('other', 'totp_secret'), sealed)).toThrow();
    const raw = Buffer.from(sealed, 'base64url');
    raw[13] = (raw[13] ?? 0) ^ 1;
    expect(() => open(KEY, raw.toString('base64url'))).toThrow();
    expect(() => open(KEY, 'abc')).toThrow();
  });
});
