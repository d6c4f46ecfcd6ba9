import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { hash as argon2Hash, verify as argon2Verify, type Options } from '@node-rs/argon2';
import { ConfigError } from '../errors/errors.js';
import type { PasswordHasher } from '../ports/passwords.js';
import { createHashGate } from './hash-gate.js';
import { parsePhcArgon2 } from './phc-params.js';

// @node-rs/argon2 declares these as ambient const enums, which isolated modules cannot read:
// Algorithm.Argon2id = 2 and Version.V0x13 = 1 (the enum index, not 0x13) in its index.d.ts.
const ALGORITHM_ARGON2ID: NonNullable<Options['algorithm']> = 2;
const VERSION_0X13: NonNullable<Options['version']> = 1;

/** TS-CONTRACT §6: 32-byte hash, 16-byte salt, version 19. */
const HASH_BYTES = 32;
const SALT_BYTES = 16;
const PHC_VERSION = 19;
const QUEUE_PER_SLOT = 32;

export interface Argon2HasherOptions {
  /** Memory cost in KiB (`m=`). */
  readonly memoryKib: number;
  /** Passes (`t=`). */
  readonly iterations: number;
  /** Lanes (`p=`). */
  readonly parallelism: number;
  /**
   * Hashes running at once.
   * @default os.availableParallelism()
   */
  readonly concurrency?: number | undefined;
  /**
   * Hashes waiting beyond those; more are refused with `HasherBusyError`.
   * @default concurrency * 32
   */
  readonly maxQueue?: number | undefined;
}

function positiveInteger(value: number, max: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= max;
}

function assertOptions(options: Argon2HasherOptions, concurrency: number, maxQueue: number): void {
  const { memoryKib, iterations, parallelism } = options;
  if (!positiveInteger(parallelism, 255)) {
    throw new ConfigError(
      `argon2 parallelism must be an integer from 1 to 255, got ${parallelism}.`,
    );
  }
  // RFC 9106 §3.1: at least 8 KiB per lane.
  if (!positiveInteger(memoryKib, 0xffff_ffff) || memoryKib < 8 * parallelism) {
    throw new ConfigError(
      `argon2 memory must be an integer of at least ${8 * parallelism} KiB, got ${memoryKib}.`,
    );
  }
  if (!positiveInteger(iterations, 0xffff_ffff)) {
    throw new ConfigError(`argon2 iterations must be a positive integer, got ${iterations}.`);
  }
  if (!positiveInteger(concurrency, 65_536)) {
    throw new ConfigError(`Hashing concurrency must be a positive integer, got ${concurrency}.`);
  }
  if (!Number.isInteger(maxQueue) || maxQueue < 0) {
    throw new ConfigError(`Hashing queue size must be a non-negative integer, got ${maxQueue}.`);
  }
}

/**
 * Argon2id password hashing on @node-rs/argon2 behind a bounded gate (DESIGN §8). Verifies any
 * argon2 PHC hash, including the Python reference's m=65536,t=3,p=4, and reports those made
 * with other parameters through `needsRehash`.
 *
 * @example
 * const hasher = createArgon2Hasher({ memoryKib: 19456, iterations: 2, parallelism: 1 });
 * const stored = await hasher.hash(password);
 * if (await hasher.verify(password, stored) && hasher.needsRehash(stored)) { … }
 */
export function createArgon2Hasher(options: Argon2HasherOptions): PasswordHasher {
  const concurrency = options.concurrency ?? availableParallelism();
  const maxQueue = options.maxQueue ?? concurrency * QUEUE_PER_SLOT;
  assertOptions(options, concurrency, maxQueue);
  const { memoryKib, iterations, parallelism } = options;
  const gate = createHashGate({ concurrency, maxQueue });

  const hashOptions = (): Options => ({
    algorithm: ALGORITHM_ARGON2ID,
    version: VERSION_0X13,
    memoryCost: memoryKib,
    timeCost: iterations,
    parallelism,
    outputLen: HASH_BYTES,
    salt: randomBytes(SALT_BYTES),
  });

  // The native verifier throws on strings it cannot decode; those are a false, never a 500.
  const checkPassword = (password: string, phc: string): Promise<boolean> =>
    argon2Verify(phc, password).catch(() => false);

  // Made on first use with the current parameters, so an unknown account costs what a known one
  // does. Forgotten on failure so that a later call can try again.
  let dummy: Promise<string> | null = null;
  const dummyHash = (): Promise<string> => {
    if (dummy === null) {
      dummy = argon2Hash(randomBytes(32).toString('base64url'), hashOptions()).catch(
        (error: unknown) => {
          dummy = null;
          throw error;
        },
      );
    }
    return dummy;
  };

  return {
    hash(password: string): Promise<string> {
      return gate.run(() => argon2Hash(password, hashOptions()));
    },

    verify(password: string, hash: string): Promise<boolean> {
      if (typeof password !== 'string' || parsePhcArgon2(hash) === null) {
        return Promise.resolve(false);
      }
      return gate.run(() => checkPassword(password, hash));
    },

    needsRehash(hash: string): boolean {
      const params = parsePhcArgon2(hash);
      return (
        params === null ||
        params.type !== 'argon2id' ||
        params.version !== PHC_VERSION ||
        params.memoryKib !== memoryKib ||
        params.iterations !== iterations ||
        params.parallelism !== parallelism ||
        params.hashBytes !== HASH_BYTES ||
        params.saltBytes !== SALT_BYTES
      );
    },

    async verifyDummy(password: string): Promise<void> {
      const phc = await dummyHash();
      await gate.run(() => checkPassword(typeof password === 'string' ? password : '', phc));
    },
  };
}
