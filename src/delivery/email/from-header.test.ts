import { describe, expect, it } from 'vitest';
import { encodeFromHeader, formatFromHeader } from './from-header.js';

describe('formatFromHeader', () => {
  it('is `Name <address>` (spec §8.1)', () => {
    expect(formatFromHeader('MyApp', 'noreply@example.com')).toBe('MyApp <noreply@example.com>');
  });

  it('is the bare address without a name', () => {
    expect(formatFromHeader('', 'noreply@example.com')).toBe('noreply@example.com');
  });
});

describe('encodeFromHeader', () => {
  it('leaves a plain name as it is', () => {
    expect(encodeFromHeader('My App', 'a@example.com')).toBe('My App <a@example.com>');
  });

  it('quotes a name with specials', () => {
    expect(encodeFromHeader('Acme, Inc. "Dev"', 'a@example.com')).toBe(
      '"Acme, Inc. \\"Dev\\"" <a@example.com>',
    );
  });

  it('encodes a non-ASCII name (RFC 2047)', () => {
    const header = encodeFromHeader('Café', 'a@example.com');
    expect(header).toBe(`=?UTF-8?B?${Buffer.from('Café').toString('base64')}?= <a@example.com>`);
  });
});
