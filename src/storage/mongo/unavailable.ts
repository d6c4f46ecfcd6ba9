import { StorageUnavailableError } from '../../errors/errors.js';
import { describeError } from '../sql/describe-error.js';
import type { MongoDriver } from './load-driver.js';

/*
 * A server that cannot be reached (at start or lost mid-run) is the storage-unavailable
 * error, which the HTTP layer answers with 503; every other driver error passes unchanged.
 */

export function unavailableTranslator(
  driver: MongoDriver,
  display: string,
): (error: unknown) => unknown {
  return (error) => {
    const unreachable =
      error instanceof driver.MongoServerSelectionError ||
      error instanceof driver.MongoNetworkError ||
      error instanceof driver.MongoTopologyClosedError ||
      error instanceof driver.MongoNotConnectedError;
    return unreachable
      ? new StorageUnavailableError(`Cannot reach MongoDB at ${display}: ${describeError(error)}`, {
          cause: error,
        })
      : error;
  };
}

/** The same object with every method's rejection passed through `translate`. */
export function guarded<T extends object>(target: T, translate: (error: unknown) => unknown): T {
  const entries: [string, unknown][] = Object.entries(target);
  const wrapped: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    wrapped[key] =
      typeof value === 'function'
        ? async (...args: unknown[]) => {
            try {
              return await Reflect.apply(value, target, args);
            } catch (error) {
              throw translate(error);
            }
          }
        : value;
  }
  return wrapped as T;
}
