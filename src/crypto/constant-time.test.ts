import { describe, expect, it } from 'vitest';
import { constantTimeEqual } from './constant-time.js';

describe('constantTimeEqual', () => {
  it('is true for equal strings', () => {
    expect(constantTimeEqual('', '')).toBe(true);
    expect(constantTimeEqual('abc123', 'abc123')).toBe(true);
    expect(constantTimeEqual('ünïcødé', 'ünïcødé')).toBe(true);
  });

  it('is false for different strings of the same length', () => {
    expect(constantTimeEqual('abc123', 'abc124')).toBe(false);
    expect(constantTimeEqual('Xbc123', 'abc123')).toBe(false);
  });

  it('is false for different lengths', () => {
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('', 'a')).toBe(false);
  });

  it('does not fold characters outside latin1 onto ASCII', () => {
    // U+0141 and 'A' share the low byte 0x41; a latin1 comparison would call them equal.
    expect(constantTimeEqual('\u0141', 'A')).toBe(false);
  });
});
