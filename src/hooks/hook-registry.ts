import type { Logger } from '../ports/logger.js';
import type { HookHandler, RegstackEventName, RegstackEvents } from './events.js';

export interface HookRegistry {
  /** Registers a handler; the returned function removes it again. */
  on<E extends RegstackEventName>(event: E, handler: HookHandler<E>): () => void;
  /**
   * Runs the handlers of `event`: synchronous ones in registration order, then awaits
   * the promises together. A handler's failure is logged and never reaches the caller,
   * so a host's bug cannot fail a request whose writes already happened.
   */
  fire<E extends RegstackEventName>(event: E, payload: RegstackEvents[E]): Promise<void>;
}

type AnyHandler = (payload: never) => void | Promise<void>;

export function createHookRegistry(logger: Logger): HookRegistry {
  const handlers = new Map<RegstackEventName, AnyHandler[]>();

  const report = (event: RegstackEventName, error: unknown): void => {
    logger.error(
      { event, err: error instanceof Error ? error.message : String(error) },
      'regstack hook handler failed',
    );
  };

  return {
    on(event, handler) {
      const list = handlers.get(event) ?? [];
      list.push(handler as AnyHandler);
      handlers.set(event, list);
      return () => {
        const current = handlers.get(event);
        if (!current) return;
        const index = current.indexOf(handler as AnyHandler);
        if (index >= 0) current.splice(index, 1);
      };
    },
    async fire(event, payload) {
      const list = handlers.get(event);
      if (!list || list.length === 0) return;
      const pending: Promise<void>[] = [];
      for (const handler of [...list]) {
        try {
          const result = (handler as HookHandler<typeof event>)(payload);
          if (result instanceof Promise) {
            pending.push(result.catch((error: unknown) => report(event, error)));
          }
        } catch (error) {
          report(event, error);
        }
      }
      await Promise.all(pending);
    },
  };
}
