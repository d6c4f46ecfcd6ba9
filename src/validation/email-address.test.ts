import { describe, expect, it } from 'vitest';
import { parseEmailAddress } from './email-address.js';

const ok = (input: string): string => {
  const result = parseEmailAddress(input);
  if (!result.ok) throw new Error(`expected ${input} to be valid: ${result.reason}`);
  return result.email;
};
const reason = (input: string): string => {
  const result = parseEmailAddress(input);
  if (result.ok) throw new Error(`expected ${input} to be rejected, got ${result.email}`);
  return result.reason;
};

describe('parseEmailAddress', () => {
  it('accepts a plain address and lower-cases it (Decision 28)', () => {
    expect(ok('alice@example.com')).toBe('alice@example.com');
    expect(ok('Alice@Example.COM')).toBe('alice@example.com');
  });

  it('trims and reduces the display-name form', () => {
    expect(ok('  bob@example.com ')).toBe('bob@example.com');
    expect(ok('Bob Smith <Bob@Example.com>')).toBe('bob@example.com');
  });

  it('accepts atext specials and internationalised parts', () => {
    expect(ok("o'neil+tag@example.com")).toBe("o'neil+tag@example.com");
    expect(ok('josé@bücher.de')).toBe('josé@bücher.de');
  });

  it.each([
    ['no at-sign', 'alice.example.com', '@-sign'],
    ['empty local', '@example.com', 'before the @-sign'],
    ['empty domain', 'alice@', 'after the @-sign'],
    ['no dot in domain', 'alice@localhost', 'period'],
    ['quoted local', '"alice"@example.com', 'Quoted'],
    ['ip literal', 'alice@[127.0.0.1]', 'IP address'],
    ['double dot', 'al..ice@example.com', 'two periods'],
    ['leading dot', '.alice@example.com', 'start with a period'],
    ['space', 'al ice@example.com', 'invalid characters'],
    ['null byte', 'alice\u0000@example.com', 'invalid characters'],
    ['lone surrogate', 'al\ud800ice@example.com', 'invalid characters'],
    ['.invalid', 'alice@foo.invalid', 'special-use'],
    ['.local', 'alice@printer.local', 'special-use'],
    ['.localhost', 'alice@a.localhost', 'special-use'],
    ['.test', 'alice@example.test', 'special-use'],
    ['.onion', 'alice@abc.onion', 'special-use'],
    ['.arpa', 'alice@1.in-addr.arpa', 'special-use'],
    ['numeric tld', 'alice@example.123', 'not valid'],
    ['bad label', 'alice@-example.com', 'not valid'],
  ])('rejects %s', (_name, input, fragment) => {
    expect(reason(input)).toContain(fragment);
  });

  it('limits the local part to 64 and the address to 254 characters', () => {
    expect(reason(`${'a'.repeat(65)}@example.com`)).toContain('too long');
    expect(ok(`${'a'.repeat(64)}@example.com`)).toHaveLength(64 + 12);
    const longDomain = `${Array.from({ length: 5 }, () => 'd'.repeat(60)).join('.')}.com`;
    expect(reason(`alice@${longDomain}`)).toContain('too long');
  });

  it('limits the raw input to 2048 characters', () => {
    expect(reason(`${' '.repeat(2049)}a@example.com`)).toContain('too long');
  });
});
