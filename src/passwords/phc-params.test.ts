import { describe, expect, it } from 'vitest';
import { parsePhcArgon2 } from './phc-params.js';

const SALT = 'c29tZXNhbHRzb21lc2FsdA'; // 16 bytes
const HASH = 'nEcUGsjfesboCvyEyyCPh+G2fxr4O0qnwAmtS0bR7AQ'; // 32 bytes

describe('parsePhcArgon2', () => {
  it('reads the Python reference parameters', () => {
    expect(parsePhcArgon2(`$argon2id$v=19$m=65536,t=3,p=4$${SALT}$${HASH}`)).toEqual({
      type: 'argon2id',
      version: 19,
      memoryKib: 65536,
      iterations: 3,
      parallelism: 4,
      saltBytes: 16,
      hashBytes: 32,
    });
  });

  it('reads argon2i, argon2d and the version-less 1.0 form', () => {
    expect(parsePhcArgon2(`$argon2i$v=19$m=19456,t=2,p=1$${SALT}$${HASH}`)?.type).toBe('argon2i');
    expect(parsePhcArgon2(`$argon2d$v=19$m=19456,t=2,p=1$${SALT}$${HASH}`)?.type).toBe('argon2d');
    expect(parsePhcArgon2(`$argon2i$m=4096,t=3,p=1$${SALT}$${HASH}`)).toMatchObject({
      type: 'argon2i',
      version: 16,
      memoryKib: 4096,
    });
  });

  it.each([
    '',
    'abc',
    '$argon2id$v=19$m=x',
    '$argon2id$v=19$m=65536,t=3,p=4',
    `$argon2id$v=19$m=65536,t=3,p=4$${SALT}`,
    `$argon2id$v=19$m=x,t=3,p=4$${SALT}$${HASH}`,
    `$argon2id$v=19$m=65536,t=3$${SALT}$${HASH}`,
    `$argon2id$v=19$t=3,m=65536,p=4$${SALT}$${HASH}`,
    `$argon2id$v=19$m=65536,t=3,p=4,x=1$${SALT}$${HASH}`,
    `$argon2id$v=19$m=065536,t=3,p=4$${SALT}$${HASH}`,
    `$argon2id$v=19$m=99999999999,t=3,p=4$${SALT}$${HASH}`,
    `$argon2id$v=19$m=65536,t=3,p=4$${SALT}$${HASH}==`,
    `$argon2id$v=19$m=65536,t=3,p=4$${SALT}$${HASH.replace('+', '-')}`,
    `$argon2id$v=19$m=65536,t=3,p=4$$${HASH}`,
    `argon2id$v=19$m=65536,t=3,p=4$${SALT}$${HASH}`,
    `$argon2x$v=19$m=65536,t=3,p=4$${SALT}$${HASH}`,
    `$argon2id$v=19$m=65536,t=3,p=4$${SALT}$${HASH}$extra`,
    '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy',
    '$scrypt$ln=16,r=8,p=1$aM15713r3Xsvxbi31lqr1Q$nFNh2CVHVjNldFVKDHDlm4Mdif0v7bCs3N9k2sPu7IA',
    'pbkdf2_sha256$600000$salt$hash',
  ])('refuses %j', (phc) => {
    expect(parsePhcArgon2(phc)).toBeNull();
  });

  it('refuses non-strings without throwing', () => {
    expect(parsePhcArgon2(null as unknown as string)).toBeNull();
    expect(parsePhcArgon2(42 as unknown as string)).toBeNull();
  });
});
