import { AsyncLocalStorage } from 'node:async_hooks';

/** Where a request came from, as the HTTP layer determined it. */
export interface AuditClient {
  readonly ip: string | null;
  readonly userAgent: string | null;
}

/*
 * Routes are mounted once with one set of flow dependencies, so the request's client cannot
 * be handed to the recorder through them. The HTTP layer runs each request inside this
 * context instead, and the recorder reads it when an event is appended: flows never see
 * the client, and work a request leaves behind (deferred mail) still names it.
 */
const current = new AsyncLocalStorage<AuditClient>();

export function runWithAuditClient<T>(client: AuditClient, task: () => T): T {
  return current.run(client, task);
}

/** The client of the request being served; none outside a request (CLI, background). */
export function currentAuditClient(): AuditClient | undefined {
  return current.getStore();
}
