import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Secret, secretSchema } from './secret.js';

describe('Secret', () => {
  const secret = new Secret('hunter2-very-secret');

  it('reveals its value only through reveal()', () => {
    expect(secret.reveal()).toBe('hunter2-very-secret');
    expect(secret.isEmpty()).toBe(false);
  });

  it('masks its string, template, JSON and inspect forms', () => {
    expect(String(secret)).toBe('**********');
    expect(`${secret}`).toBe('**********');
    expect(JSON.stringify({ secret })).toBe('{"secret":"**********"}');
    expect(inspect({ secret })).toBe('{ secret: ********** }');
    expect(inspect(secret)).not.toContain('hunter2');
  });

  it('prints an empty secret as empty', () => {
    const empty = new Secret('');
    expect(empty.isEmpty()).toBe(true);
    expect(String(empty)).toBe('');
    expect(JSON.stringify(empty)).toBe('""');
  });
});

describe('secretSchema', () => {
  it('wraps a string and keeps a Secret', () => {
    const parsed = secretSchema().parse('abc');
    expect(parsed).toBeInstanceOf(Secret);
    expect(parsed.reveal()).toBe('abc');
    const existing = new Secret('x');
    expect(secretSchema().parse(existing)).toBe(existing);
  });

  it('rejects other types without echoing them', () => {
    const result = secretSchema().safeParse(12345);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('must be a string');
  });
});
