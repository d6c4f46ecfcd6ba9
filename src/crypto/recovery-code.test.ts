import { describe, expect, it } from 'vitest';
import { newRecoveryCode, normalizeRecoveryCode } from './recovery-code.js';

describe('recovery codes', () => {
  it('carries 128 bits as 26 base32 characters in groups of four', () => {
    const code = newRecoveryCode();
    expect(code).toMatch(/^([A-Z2-7]{4}-){6}[A-Z2-7]{2}$/);
    expect(normalizeRecoveryCode(code)).toHaveLength(26);
  });

  it('does not repeat', () => {
    const codes = new Set(Array.from({ length: 200 }, () => newRecoveryCode()));
    expect(codes.size).toBe(200);
  });

  it('normalizes case, spaces and dashes', () => {
    expect(normalizeRecoveryCode(' abcd-efgh ijkl ')).toBe('ABCDEFGHIJKL');
  });
});
