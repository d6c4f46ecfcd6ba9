import { HasherBusyError } from './hasher-busy-error.js';

export interface HashGateOptions {
  /** Tasks running at once. */
  readonly concurrency: number;
  /** Tasks waiting beyond those; one more is refused with `HasherBusyError`. */
  readonly maxQueue: number;
}

/** A bounded semaphore with a bounded FIFO queue, in front of every argon2 call. */
export interface HashGate {
  /**
   * Runs `task` when a slot is free. The slot is taken or the task queued synchronously, so
   * calls made in one tick are admitted in call order; a full queue rejects at once.
   */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks running now. */
  readonly active: number;
  /** Tasks waiting for a slot. */
  readonly queued: number;
}

export function createHashGate(options: HashGateOptions): HashGate {
  const { concurrency, maxQueue } = options;
  let active = 0;
  const waiting: Array<() => void> = [];

  // A finished task hands its slot straight to the oldest waiter, so `active` never dips and
  // a caller arriving in between cannot overtake the queue.
  const release = (): void => {
    const next = waiting.shift();
    if (next === undefined) active -= 1;
    else next();
  };

  const start = <T>(task: () => Promise<T>): Promise<T> => {
    let running: Promise<T>;
    try {
      running = task();
    } catch (error) {
      running = Promise.reject(error);
    }
    // Released on failure too, or one bad hash would leak a slot forever.
    return running.finally(release);
  };

  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      if (active < concurrency) {
        active += 1;
        return start(task);
      }
      if (waiting.length >= maxQueue) return Promise.reject(new HasherBusyError());
      return new Promise<T>((resolve, reject) => {
        waiting.push(() => {
          start(task).then(resolve, reject);
        });
      });
    },
    get active() {
      return active;
    },
    get queued() {
      return waiting.length;
    },
  };
}
