import { hash as argon2Hash } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/errors.js';
import { type Argon2HasherOptions, createArgon2Hasher } from './argon2-hasher.js';
import { HasherBusyError } from './hasher-busy-error.js';
import { parsePhcArgon2 } from './phc-params.js';

// Cheap parameters keep the suite fast; the defaults are exercised where they matter.
const FAST = { memoryKib: 1024, iterations: 1, parallelism: 1 } as const;
const OWASP = { memoryKib: 19456, iterations: 2, parallelism: 1 } as const;
const PYTHON = { memoryKib: 65536, iterations: 3, parallelism: 4 } as const;

const make = (options: Partial<Argon2HasherOptions> = {}) =>
  createArgon2Hasher({ ...FAST, ...options });

describe('createArgon2Hasher', () => {
  it('hashes to an argon2id v19 PHC string with a 16-byte salt and 32-byte hash', async () => {
    const hasher = createArgon2Hasher(OWASP);
    const phc = await hasher.hash('correct horse battery staple');
    expect(phc).toMatch(
      /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/,
    );
    expect(parsePhcArgon2(phc)).toMatchObject({ saltBytes: 16, hashBytes: 32 });
    expect(await hasher.verify('correct horse battery staple', phc)).toBe(true);
    expect(hasher.needsRehash(phc)).toBe(false);
  });

  it('salts every hash', async () => {
    const hasher = make();
    expect(await hasher.hash('same password')).not.toBe(await hasher.hash('same password'));
  });

  it('returns false for a wrong password', async () => {
    const hasher = make();
    const phc = await hasher.hash('password-one');
    expect(await hasher.verify('password-two', phc)).toBe(false);
    expect(await hasher.verify('password-one ', phc)).toBe(false); // never trimmed
    expect(await hasher.verify('', phc)).toBe(false);
  });

  it('keeps passwords byte-exact (no Unicode normalisation)', async () => {
    const hasher = make();
    const phc = await hasher.hash('caf\u00e9-p\u00e4ss');
    expect(await hasher.verify('caf\u00e9-p\u00e4ss', phc)).toBe(true);
    expect(await hasher.verify('cafe\u0301-pa\u0308ss', phc)).toBe(false);
  });

  it.each([
    '',
    'abc',
    '$argon2id$v=19$m=x',
    '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy',
    '$argon2id$v=19$m=1024,t=1,p=1$c29tZXNhbHQ$!!!notbase64!!!',
    '$argon2id$v=19$m=1024,t=1,p=1$AAAA$AAAA',
  ])('returns false, never throws, for the malformed hash %j', async (phc) => {
    const hasher = make();
    await expect(hasher.verify('password', phc)).resolves.toBe(false);
    expect(hasher.needsRehash(phc)).toBe(true);
  });

  it('returns false for a null hash or password without throwing', async () => {
    const hasher = make();
    const phc = await hasher.hash('password');
    await expect(hasher.verify('password', null as unknown as string)).resolves.toBe(false);
    await expect(hasher.verify(null as unknown as string, phc)).resolves.toBe(false);
  });

  it('verifies a hash made with the Python reference parameters and flags it for rehash', async () => {
    const python = await argon2Hash('shared-db-password', {
      algorithm: 2,
      memoryCost: PYTHON.memoryKib,
      timeCost: PYTHON.iterations,
      parallelism: PYTHON.parallelism,
    });
    expect(python).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=4\$/);
    const hasher = createArgon2Hasher(OWASP);
    expect(await hasher.verify('shared-db-password', python)).toBe(true);
    expect(await hasher.verify('wrong', python)).toBe(false);
    expect(hasher.needsRehash(python)).toBe(true);
    expect(createArgon2Hasher(PYTHON).needsRehash(python)).toBe(false);
  });

  it('verifies argon2i and argon2d hashes and flags them for rehash', async () => {
    const hasher = make();
    for (const algorithm of [0, 1] as const) {
      const phc = await argon2Hash('legacy', {
        algorithm,
        memoryCost: FAST.memoryKib,
        timeCost: FAST.iterations,
      });
      expect(await hasher.verify('legacy', phc)).toBe(true);
      expect(hasher.needsRehash(phc)).toBe(true);
    }
  });

  it('needsRehash compares every parameter with the configured ones', async () => {
    const current = await make().hash('pw');
    expect(make().needsRehash(current)).toBe(false);
    expect(make({ memoryKib: 2048 }).needsRehash(current)).toBe(true);
    expect(make({ iterations: 2 }).needsRehash(current)).toBe(true);
    expect(make({ parallelism: 2 }).needsRehash(current)).toBe(true);
    const longer = await argon2Hash('pw', {
      algorithm: 2,
      memoryCost: 1024,
      timeCost: 1,
      outputLen: 64,
    });
    expect(make().needsRehash(longer)).toBe(true);
  });

  it('verifyDummy resolves whatever the password, and reuses one dummy hash', async () => {
    const hasher = make();
    await expect(hasher.verifyDummy('anything')).resolves.toBeUndefined();
    await expect(hasher.verifyDummy('')).resolves.toBeUndefined();
    await expect(Promise.all([hasher.verifyDummy('a'), hasher.verifyDummy('b')])).resolves.toEqual([
      undefined,
      undefined,
    ]);
  });

  it('verifyDummy takes about as long as a real verification', async () => {
    const hasher = createArgon2Hasher(OWASP);
    const phc = await hasher.hash('real password');
    await hasher.verifyDummy('warm-up'); // makes the dummy hash once
    const time = async (fn: () => Promise<unknown>) => {
      const samples: number[] = [];
      for (let i = 0; i < 5; i++) {
        const start = performance.now();
        await fn();
        samples.push(performance.now() - start);
      }
      return samples.sort((a, b) => a - b)[2] ?? 0;
    };
    const real = await time(() => hasher.verify('wrong password', phc));
    const dummy = await time(() => hasher.verifyDummy('wrong password'));
    // Loose bound: same parameters, same work; only gross differences (no work at all) fail.
    expect(dummy).toBeGreaterThan(real / 3);
  });

  it('refuses excess concurrent work with HasherBusyError: 1 running + 1 queued of 5', async () => {
    const hasher = make({ concurrency: 1, maxQueue: 1 });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => hasher.hash(`password-${i}`)),
    );
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'rejected',
      'rejected',
    ]);
    for (const result of results.slice(2)) {
      expect(result.status === 'rejected' && result.reason).toBeInstanceOf(HasherBusyError);
    }
    // The gate is free again afterwards.
    await expect(hasher.hash('later')).resolves.toMatch(/^\$argon2id\$/);
  });

  it('puts verify through the same gate', async () => {
    const hasher = make({ concurrency: 1, maxQueue: 0 });
    const phc = await hasher.hash('pw');
    const [first, second] = await Promise.allSettled([
      hasher.verify('pw', phc),
      hasher.verify('pw', phc),
    ]);
    expect(first).toEqual({ status: 'fulfilled', value: true });
    expect(second.status === 'rejected' && second.reason).toBeInstanceOf(HasherBusyError);
  });

  it('releases the gate when a verification fails', async () => {
    const hasher = make({ concurrency: 1, maxQueue: 0 });
    // Parses as argon2, then the native decoder refuses the salt.
    expect(await hasher.verify('pw', '$argon2id$v=19$m=1024,t=1,p=1$AAAA$AAAA')).toBe(false);
    await expect(hasher.hash('pw')).resolves.toMatch(/^\$argon2id\$/);
  });

  it('refuses bad parameters with a ConfigError', () => {
    expect(() => make({ memoryKib: 4 })).toThrow(ConfigError);
    expect(() => make({ memoryKib: 16, parallelism: 4 })).toThrow(ConfigError);
    expect(() => make({ iterations: 0 })).toThrow(ConfigError);
    expect(() => make({ parallelism: 0 })).toThrow(ConfigError);
    expect(() => make({ parallelism: 1.5 })).toThrow(ConfigError);
    expect(() => make({ concurrency: 0 })).toThrow(ConfigError);
    expect(() => make({ maxQueue: -1 })).toThrow(ConfigError);
  });
});
