import type { Document } from 'mongodb';
import {
  WEBHOOK_DELIVERY_STATES,
  WEBHOOK_ERROR_MAX_LENGTH,
  type WebhookDeliveryRecord,
  type WebhookDeliveryState,
} from '../../model/webhook-delivery.js';
import type { Instant } from '../../ports/clock.js';
import type { WebhookDeliveriesRepo } from '../../ports/webhook-deliveries.js';
import {
  earlierThan,
  instantFields,
  laterThan,
  microsField,
  readInstant,
  readNullableInstant,
} from './instant-fields.js';
import type { MongoDriver } from './load-driver.js';
import { collection, type MongoContext } from './mongo-context.js';
import { readInteger, readNullableText, readText } from './read-field.js';

/** Rows are keyed by their `webhook-id`, a string the publisher made. */
interface DeliveryDoc extends Document {
  _id: string;
}

function readState(doc: Document): WebhookDeliveryState {
  const state = readText(doc, 'state');
  const known = WEBHOOK_DELIVERY_STATES.find((s) => s === state);
  if (known === undefined) throw new TypeError(`Unknown webhook delivery state '${state}'.`);
  return known;
}

function toRecord(doc: Document): WebhookDeliveryRecord {
  return {
    id: readText(doc, '_id'),
    endpoint: readText(doc, 'endpoint'),
    eventType: readText(doc, 'event_type'),
    userId: readNullableText(doc, 'user_id'),
    payload: readText(doc, 'payload'),
    state: readState(doc),
    attempts: readInteger(doc, 'attempts'),
    nextAttemptAt: readInstant(doc, 'next_attempt_at'),
    leaseUntil: readNullableInstant(doc, 'lease_until'),
    leaseOwner: readNullableText(doc, 'lease_owner'),
    lastStatus:
      doc.last_status === null || doc.last_status === undefined
        ? null
        : readInteger(doc, 'last_status'),
    lastError: readNullableText(doc, 'last_error'),
    createdAt: readInstant(doc, 'created_at'),
    deliveredAt: readNullableInstant(doc, 'delivered_at'),
  };
}

/** `field <= instant`. */
function notLaterThan(field: string, instant: Instant): Document {
  return { $nor: [laterThan(field, instant)] };
}

const CLAIM_ROUNDS = 5;

function clearedLease(): Document {
  return { lease_owner: null, lease_until: null, [microsField('lease_until')]: null };
}

function nullableInstant(driver: MongoDriver, field: string, instant: Instant | null): Document {
  return instant === null
    ? { [field]: null, [microsField(field)]: null }
    : instantFields(driver, field, instant);
}

export function createWebhookDeliveriesRepo(context: MongoContext): WebhookDeliveriesRepo {
  const { driver, clock } = context;
  const deliveries = collection<DeliveryDoc>(context, 'webhookDeliveries');

  /** Due pending rows whose lease is free or expired. */
  const claimable = (now: Instant): Document => ({
    state: 'pending',
    $and: [
      notLaterThan('next_attempt_at', now),
      { $or: [{ lease_until: null }, notLaterThan('lease_until', now)] },
    ],
  });

  async function takeCandidate(
    candidate: Document,
    now: Instant,
    owner: string,
    leaseMicros: number,
  ): Promise<WebhookDeliveryRecord | null> {
    const userId = readNullableText(candidate, 'user_id');
    if (userId !== null) {
      const earlier = await deliveries.findOne(
        {
          endpoint: candidate.endpoint,
          user_id: userId,
          state: 'pending',
          _id: { $lt: candidate._id },
        },
        { projection: { _id: 1 } },
      );
      if (earlier !== null) return null;
    }
    // A conditional updateOne and its modified count, as every other compare-and-set here:
    // of concurrent claimers exactly one changes the row. The row is read back under that
    // claimer's owner and lease, so a later claimer's read cannot be mistaken for it.
    const leaseUntil = now + leaseMicros;
    const result = await deliveries.updateOne(
      { _id: candidate._id, ...claimable(now) },
      {
        $set: { lease_owner: owner, ...instantFields(driver, 'lease_until', leaseUntil) },
        $inc: { attempts: 1 },
      },
    );
    if (result.modifiedCount === 0) return null;
    const taken = await deliveries.findOne({ _id: candidate._id, lease_owner: owner });
    return taken === null ? null : toRecord(taken);
  }

  return {
    async enqueue(rows) {
      if (rows.length === 0) return;
      const now = clock.now();
      await deliveries.insertMany(
        rows.map((row) => ({
          _id: row.id,
          endpoint: row.endpoint,
          event_type: row.eventType,
          user_id: row.userId,
          payload: row.payload,
          state: 'pending',
          attempts: 0,
          ...instantFields(driver, 'next_attempt_at', now),
          ...nullableInstant(driver, 'lease_until', null),
          lease_owner: null,
          last_status: null,
          last_error: null,
          ...instantFields(driver, 'created_at', now),
          ...nullableInstant(driver, 'delivered_at', null),
        })),
        { ordered: true },
      );
    },

    async claim({ owner, limit, leaseMicros }) {
      // MongoDB has no "skip locked": candidates are read, then each is taken with a
      // findOneAndUpdate that repeats the claim condition, so of two claimers only one wins
      // a row. A row with an earlier pending row for its endpoint and user is passed over.
      const now = clock.now();
      const claimed: WebhookDeliveryRecord[] = [];
      const tried: string[] = [];
      // Rows lost to another claimer are replaced by fresh candidates, a few rounds at most.
      for (let round = 0; round < CLAIM_ROUNDS && claimed.length < limit; round += 1) {
        const candidates = await deliveries
          .find({ ...claimable(now), _id: { $nin: tried } })
          .sort({ _id: 1 })
          .limit(limit - claimed.length)
          .toArray();
        if (candidates.length === 0) break;
        for (const candidate of candidates) {
          tried.push(candidate._id);
          const taken = await takeCandidate(candidate, now, owner, leaseMicros);
          if (taken !== null) claimed.push(taken);
        }
      }
      return claimed;
    },

    async markDelivered(id, owner, status) {
      const result = await deliveries.updateOne(
        { _id: id, lease_owner: owner, state: 'pending' },
        {
          $set: {
            state: 'delivered',
            ...instantFields(driver, 'delivered_at', clock.now()),
            ...clearedLease(),
            last_status: status,
            last_error: null,
          },
        },
      );
      return result.modifiedCount > 0;
    },

    async markFailed(id, owner, outcome) {
      const result = await deliveries.updateOne(
        { _id: id, lease_owner: owner, state: 'pending' },
        {
          $set: {
            ...('dead' in outcome
              ? { state: 'dead' }
              : instantFields(driver, 'next_attempt_at', outcome.retryAt)),
            ...clearedLease(),
            last_status: outcome.status,
            last_error: outcome.error.slice(0, WEBHOOK_ERROR_MAX_LENGTH),
          },
        },
      );
      return result.modifiedCount > 0;
    },

    async get(id) {
      const doc = await deliveries.findOne({ _id: id });
      return doc === null ? null : toRecord(doc);
    },

    async list({ state, endpoint, after, limit }) {
      const filter: Document = {};
      if (state !== undefined) filter.state = state;
      if (endpoint !== undefined) filter.endpoint = endpoint;
      if (after !== undefined) filter._id = { $lt: after };
      const docs = await deliveries.find(filter).sort({ _id: -1 }).limit(limit).toArray();
      return docs.map(toRecord);
    },

    async retry(id) {
      const doc = await deliveries.findOneAndUpdate(
        { _id: id, state: 'dead' },
        {
          $set: {
            state: 'pending',
            attempts: 0,
            ...instantFields(driver, 'next_attempt_at', clock.now()),
            ...clearedLease(),
          },
        },
        { returnDocument: 'after' },
      );
      return doc === null ? null : toRecord(doc);
    },

    async purgeDelivered(before) {
      const result = await deliveries.deleteMany({
        state: 'delivered',
        ...earlierThan('delivered_at', before),
      });
      return result.deletedCount;
    },
  };
}
