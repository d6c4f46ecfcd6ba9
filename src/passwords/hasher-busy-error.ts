/** Seconds a client is told to wait (`Retry-After`) when the hashing gate is full. */
export const HASHER_BUSY_RETRY_AFTER_SECONDS = 1;

/**
 * The hashing gate's queue is full. Answered at once with 429 and `Retry-After` rather than
 * queued: a login storm must not hold unbounded memory or starve libuv's thread pool (DESIGN §8).
 */
export class HasherBusyError extends Error {
  readonly retryAfterSeconds: number = HASHER_BUSY_RETRY_AFTER_SECONDS;

  constructor(options?: { cause?: unknown }) {
    super('Password hashing is at capacity; try again shortly.', options);
    this.name = 'HasherBusyError';
  }
}
