import { describe, expect, it } from 'vitest';
import { deriveSecret } from './derive-secret.js';

// Spec §4.1 / TS-CONTRACT §7 vectors for the master secret below.
const SECRET = 'correct-horse-battery-staple';
const VECTORS = [
  ['session', '37b38d797750f21be3e0e0783310748cc5bb44f9aac9a017a5dc813e9b6b5416'],
  ['password_reset', '85df4c1f0601bc6cedd0c07fe8c3897b641e2e9a225c0eacc48f8698fedf24d0'],
  ['email_change', '3ed8f04b489820e6434b7f179a1a290a1411012be98140823d90fada564ee545'],
  ['phone_setup', 'fc71732fef54376498ead405f1a8cf81d412446b8ab300de297f7797c045d253'],
  ['login_mfa', '875eb8f5cab384ed744eca9676514108f3b7cbd6d5472571b1723a483b6daf04'],
] as const;

describe('deriveSecret', () => {
  it.each(VECTORS)('derives the spec key for %s byte for byte', (purpose, hex) => {
    const key = deriveSecret(SECRET, purpose);
    expect(key).toBeInstanceOf(Buffer);
    expect(key.length).toBe(32);
    expect(key.equals(Buffer.from(hex, 'hex'))).toBe(true);
  });

  it('encodes the secret and purpose as UTF-8', () => {
    const a = deriveSecret('sécret', 'session');
    const b = deriveSecret('s\u00e9cret', 'session');
    expect(a.equals(b)).toBe(true);
    expect(a.equals(deriveSecret('secret', 'session'))).toBe(false);
  });
});
