import { toAuditDetails, toAuditOutcome } from '../../model/audit-fields.js';
import type { AuditEventRecord } from '../../model/records.js';
import type { AuditEventsRepo } from '../../ports/storage.js';
import { readInstant } from './instant-codec.js';
import { readNullableText, readText } from './read-column.js';
import { newId, type SqlContext } from './sql-context.js';
import type { AuditEventsTable } from './tables.js';

type EventRow = { readonly [K in keyof AuditEventsTable]: unknown };

function toEventRecord(row: EventRow): AuditEventRecord {
  return {
    id: readText(row.id),
    occurredAt: readInstant(row.occurred_at),
    type: readText(row.type),
    outcome: toAuditOutcome(readText(row.outcome)),
    actorId: readNullableText(row.actor_id),
    userId: readNullableText(row.user_id),
    ip: readNullableText(row.ip),
    userAgent: readNullableText(row.user_agent),
    details: toAuditDetails(JSON.parse(readText(row.details))),
  };
}

export function createAuditEventsRepo({ db, codec }: SqlContext): AuditEventsRepo {
  return {
    async append(event) {
      const row = await db
        .insertInto('audit_events')
        .values({
          id: newId(),
          occurred_at: codec.instant(event.occurredAt),
          type: event.type,
          outcome: event.outcome,
          actor_id: event.actorId,
          user_id: event.userId,
          ip: event.ip,
          user_agent: event.userAgent,
          details: JSON.stringify(event.details),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toEventRecord(row);
    },

    async list(filter, { limit, after }) {
      if (filter.types !== undefined && filter.types.length === 0) return [];
      let query = db.selectFrom('audit_events').selectAll();
      if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId);
      if (filter.types !== undefined) query = query.where('type', 'in', [...filter.types]);
      if (filter.outcome !== undefined) query = query.where('outcome', '=', filter.outcome);
      if (filter.since !== undefined) {
        query = query.where('occurred_at', '>=', codec.instant(filter.since));
      }
      if (filter.until !== undefined) {
        query = query.where('occurred_at', '<', codec.instant(filter.until));
      }
      if (after !== undefined) {
        // A row-value comparison: a range scan of either (…, occurred_at, id) index.
        query = query.where((eb) =>
          eb(
            eb.refTuple('occurred_at', 'id'),
            '<',
            eb.tuple(codec.instant(after.occurredAt), after.id),
          ),
        );
      }
      const rows = await query
        .orderBy('occurred_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toEventRecord);
    },

    async purgeBefore(cutoff) {
      const result = await db
        .deleteFrom('audit_events')
        .where('occurred_at', '<', codec.instant(cutoff))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
