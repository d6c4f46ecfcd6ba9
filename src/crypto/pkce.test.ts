import { describe, expect, it } from 'vitest';
import { codeChallengeS256 } from './pkce.js';

describe('codeChallengeS256', () => {
  it('matches the RFC 7636 appendix B vector', () => {
    expect(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });
});
