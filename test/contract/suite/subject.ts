import { afterEach, beforeEach } from 'vitest';
import type { FakeClock } from '../../../src/clock/fake-clock.js';
import type { Storage, StorageKind } from '../../../src/ports/storage.js';

/** What a backend runner hands the suite: a fresh, unmigrated storage and its clock. */
export interface ContractSubject<S extends Storage = Storage> {
  readonly storage: S;
  readonly clock: FakeClock;
  cleanup(): Promise<void>;
}

export type ContractFactory<S extends Storage = Storage> = () => Promise<ContractSubject<S>>;

/** The subject of the running test; read it inside tests only. */
export interface SubjectRef<S extends Storage = Storage> {
  readonly storage: S;
  readonly clock: FakeClock;
}

/**
 * Opens a fresh subject before each test (migrated when `migrate` is true) and cleans it
 * up after, so no test sees another's rows.
 */
export function useSubject<S extends Storage>(
  factory: ContractFactory<S>,
  options: { readonly migrate: boolean },
): SubjectRef<S> {
  let current: ContractSubject<S> | undefined;
  beforeEach(async () => {
    current = await factory();
    if (options.migrate) await current.storage.migrate();
  });
  afterEach(async () => {
    await current?.cleanup();
    current = undefined;
  });
  const get = (): ContractSubject<S> => {
    if (current === undefined) throw new Error('The contract subject is only open inside a test.');
    return current;
  };
  return {
    get storage() {
      return get().storage;
    },
    get clock() {
      return get().clock;
    },
  };
}

/** Runs `task` `times` times at once and returns every outcome. */
export function concurrently<T>(
  times: number,
  task: (index: number) => Promise<T>,
): Promise<PromiseSettledResult<T>[]> {
  return Promise.allSettled(Array.from({ length: times }, (_, index) => task(index)));
}

export const SECOND = 1_000_000;
export const MINUTE = 60 * SECOND;

/** The id shape each backend assigns (spec §3.1): 32-hex UUIDs on SQL, 24-hex ObjectIds on MongoDB. */
export const ID_SHAPE: Record<StorageKind, RegExp> = {
  sqlite: /^[0-9a-f]{32}$/,
  postgres: /^[0-9a-f]{32}$/,
  mongodb: /^[0-9a-f]{24}$/,
};
