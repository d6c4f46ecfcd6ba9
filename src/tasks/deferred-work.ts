import type { DeferredWork } from '../ports/deferred.js';
import type { Logger } from '../ports/logger.js';

/*
 * In-process deferral: the task starts on the next turn of the event loop, after the
 * response has been handed back, and is tracked so that shutdown (and a test) can wait
 * for mail still being sent.
 */
export function createDeferredWork(logger: Logger): DeferredWork {
  const running = new Set<Promise<void>>();
  return {
    run(label, task) {
      const done: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(task)
        .catch((error: unknown) => {
          logger.error(
            { task: label, err: error instanceof Error ? error.message : String(error) },
            'regstack deferred work failed',
          );
        })
        .finally(() => {
          running.delete(done);
        });
      running.add(done);
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}
