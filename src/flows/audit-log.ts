import type { AuditEventRecord } from '../model/records.js';
import type { AuditCursor, AuditFilter } from '../ports/storage.js';
import type { FlowDeps } from './deps.js';

export interface AuditPage {
  readonly events: readonly AuditEventRecord[];
  /** Where the next page starts; null on the last page. */
  readonly next: AuditCursor | null;
}

/**
 * One page of the audit log, newest first. One more event than asked for is read, so the
 * last page says so instead of sending the client to an empty one.
 */
export async function listAuditEvents(
  deps: FlowDeps,
  filter: AuditFilter,
  page: { readonly limit: number; readonly after?: AuditCursor | undefined },
): Promise<AuditPage> {
  const rows = await deps.storage.audit.list(filter, {
    limit: page.limit + 1,
    after: page.after,
  });
  const events = rows.slice(0, page.limit);
  const last = events.at(-1);
  const next =
    rows.length > page.limit && last !== undefined
      ? { occurredAt: last.occurredAt, id: last.id }
      : null;
  return { events, next };
}
