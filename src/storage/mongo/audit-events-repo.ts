import type { Document } from 'mongodb';
import { toAuditDetails, toAuditOutcome } from '../../model/audit-fields.js';
import type { AuditEventRecord } from '../../model/records.js';
import type { AuditCursor, AuditEventsRepo } from '../../ports/storage.js';
import {
  atOrAfter,
  byInstant,
  earlierThan,
  instantFields,
  microsField,
  readInstant,
} from './instant-fields.js';
import { collection, type MongoContext } from './mongo-context.js';
import { parseObjectId } from './object-ids.js';
import { readId, readNullableText, readText } from './read-field.js';

/*
 * `details` is an embedded document. Null fields are omitted (as elsewhere), so a missing
 * `user_id` reads back as null. Listings sort by (occurred_at, occurred_at_us, _id),
 * which `audit_occurred_at` and `audit_user_occurred_at` serve walked backwards.
 */

function toEventRecord(doc: Document): AuditEventRecord {
  return {
    id: readId(doc),
    occurredAt: readInstant(doc, 'occurred_at'),
    type: readText(doc, 'type'),
    outcome: toAuditOutcome(readText(doc, 'outcome')),
    actorId: readNullableText(doc, 'actor_id'),
    userId: readNullableText(doc, 'user_id'),
    ip: readNullableText(doc, 'ip'),
    userAgent: readNullableText(doc, 'user_agent'),
    details: toAuditDetails(doc.details),
  };
}

export function createAuditEventsRepo(context: MongoContext): AuditEventsRepo {
  const { driver } = context;
  const events = collection(context, 'auditEvents');

  /** Events strictly before the cursor in the listing's order; null for a malformed id. */
  const pastCursor = (after: AuditCursor): Document | null => {
    const _id = parseObjectId(driver, after.id);
    if (_id === null) return null;
    const fields = instantFields(driver, 'occurred_at', after.occurredAt);
    const us = microsField('occurred_at');
    const date = fields.occurred_at;
    const micros = fields[us];
    return {
      $or: [
        { occurred_at: { $lt: date } },
        { occurred_at: date, [us]: { $lt: micros } },
        { occurred_at: date, [us]: micros, _id: { $lt: _id } },
      ],
    };
  };

  return {
    async append(event) {
      const doc: Document = {
        ...instantFields(driver, 'occurred_at', event.occurredAt),
        type: event.type,
        outcome: event.outcome,
        details: { ...event.details },
      };
      if (event.actorId !== null) doc.actor_id = event.actorId;
      if (event.userId !== null) doc.user_id = event.userId;
      if (event.ip !== null) doc.ip = event.ip;
      if (event.userAgent !== null) doc.user_agent = event.userAgent;
      const { insertedId } = await events.insertOne(doc);
      return toEventRecord({ ...doc, _id: insertedId });
    },

    async list(filter, { limit, after }) {
      if (filter.types !== undefined && filter.types.length === 0) return [];
      const clauses: Document[] = [];
      if (filter.userId !== undefined) clauses.push({ user_id: filter.userId });
      if (filter.types !== undefined) clauses.push({ type: { $in: [...filter.types] } });
      if (filter.outcome !== undefined) clauses.push({ outcome: filter.outcome });
      if (filter.since !== undefined) clauses.push(atOrAfter('occurred_at', filter.since));
      if (filter.until !== undefined) clauses.push(earlierThan('occurred_at', filter.until));
      if (after !== undefined) {
        const past = pastCursor(after);
        if (past === null) return [];
        clauses.push(past);
      }
      const docs = await events
        .find(clauses.length === 0 ? {} : { $and: clauses })
        .sort({ ...byInstant('occurred_at', -1), _id: -1 })
        .limit(limit)
        .toArray();
      return docs.map(toEventRecord);
    },

    async purgeBefore(cutoff) {
      return (await events.deleteMany(earlierThan('occurred_at', cutoff))).deletedCount;
    },
  };
}
