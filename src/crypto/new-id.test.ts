import { describe, expect, it } from 'vitest';
import { newUuidHex } from './new-id.js';

describe('newUuidHex', () => {
  it('is a version-4 UUID as 32 lowercase hex characters', () => {
    const id = newUuidHex();
    expect(id).toMatch(/^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newUuidHex()));
    expect(ids.size).toBe(1000);
  });
});
