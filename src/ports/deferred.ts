/**
 * Work a flow hands off to run after its answer has gone out (delivery, hooks), so that
 * what a route answers, and how fast, does not depend on whether there was anything to send.
 */
export interface DeferredWork {
  /** Starts `task` on a later turn; a failure is logged, never thrown. */
  run(label: string, task: () => Promise<void>): void;
  /** Resolves once every task started so far has finished. */
  idle(): Promise<void>;
}
