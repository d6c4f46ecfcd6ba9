/*
 * Serialises migrations of one SQLite file within this process. Across processes,
 * `BEGIN IMMEDIATE` and the busy timeout do that; but two handles in one process would
 * deadlock, because better-sqlite3 waits for a lock synchronously and so stops the event
 * loop that would let the other handle's migration finish.
 */

const tails = new Map<string, Promise<void>>();

export function withFileLock<T>(path: string, task: () => Promise<T>): Promise<T> {
  const previous = tails.get(path) ?? Promise.resolve();
  const run = previous.then(task);
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  tails.set(path, tail);
  void tail.then(() => {
    if (tails.get(path) === tail) tails.delete(path);
  });
  return run;
}
