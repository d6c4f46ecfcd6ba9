import { describe, expect, it } from 'vitest';
import { isBase64Url } from './base64url.js';

describe('isBase64Url', () => {
  it('accepts the URL-safe alphabet without padding', () => {
    expect(isBase64Url('')).toBe(true);
    expect(isBase64Url('AZaz09-_')).toBe(true);
    expect(isBase64Url(Buffer.from('any carnal pleas').toString('base64url'))).toBe(true);
  });

  it('refuses padding, the standard alphabet and foreign characters', () => {
    expect(isBase64Url('YQ==')).toBe(false);
    expect(isBase64Url('a+b/')).toBe(false);
    expect(isBase64Url('ab cd')).toBe(false);
    expect(isBase64Url('abcé')).toBe(false);
    expect(isBase64Url('ab.c')).toBe(false);
  });

  it('refuses a length no encoder produces', () => {
    expect(isBase64Url('abcde')).toBe(false);
  });
});
