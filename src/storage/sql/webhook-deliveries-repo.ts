import { sql } from 'kysely';
import {
  WEBHOOK_DELIVERY_STATES,
  WEBHOOK_ERROR_MAX_LENGTH,
  type WebhookDeliveryRecord,
  type WebhookDeliveryState,
} from '../../model/webhook-delivery.js';
import type { WebhookDeliveriesRepo } from '../../ports/webhook-deliveries.js';
import { readInstant, readNullableInstant } from './instant-codec.js';
import { readCount, readNullableText, readText } from './read-column.js';
import type { SqlContext } from './sql-context.js';
import type { WebhookDeliveriesTable } from './tables.js';

type DeliveryRow = { readonly [K in keyof WebhookDeliveriesTable]: unknown };

function readState(value: unknown): WebhookDeliveryState {
  const state = readText(value);
  const known = WEBHOOK_DELIVERY_STATES.find((s) => s === state);
  if (known === undefined) throw new TypeError(`Unknown webhook delivery state '${state}'.`);
  return known;
}

function toRecord(row: DeliveryRow): WebhookDeliveryRecord {
  return {
    id: readText(row.id),
    endpoint: readText(row.endpoint),
    eventType: readText(row.event_type),
    userId: readNullableText(row.user_id),
    payload: readText(row.payload),
    state: readState(row.state),
    attempts: readCount(row.attempts),
    nextAttemptAt: readInstant(row.next_attempt_at),
    leaseUntil: readNullableInstant(row.lease_until),
    leaseOwner: readNullableText(row.lease_owner),
    lastStatus: row.last_status === null ? null : readCount(row.last_status),
    lastError: readNullableText(row.last_error),
    createdAt: readInstant(row.created_at),
    deliveredAt: readNullableInstant(row.delivered_at),
  };
}

export function createWebhookDeliveriesRepo({
  db,
  codec,
  clock,
}: SqlContext): WebhookDeliveriesRepo {
  return {
    async enqueue(rows) {
      if (rows.length === 0) return;
      const now = codec.instant(clock.now());
      await db
        .insertInto('webhook_deliveries')
        .values(
          rows.map((row) => ({
            id: row.id,
            endpoint: row.endpoint,
            event_type: row.eventType,
            user_id: row.userId,
            payload: row.payload,
            state: 'pending',
            attempts: 0,
            next_attempt_at: now,
            lease_until: null,
            lease_owner: null,
            last_status: null,
            last_error: null,
            created_at: now,
            delivered_at: null,
          })),
        )
        .execute();
    },

    async claim({ owner, limit, leaseMicros }) {
      const now = clock.now();
      const at = codec.instant(now);
      // One statement: the candidates are chosen and leased together. On PostgreSQL the
      // candidate rows are locked and rows another claimer holds are skipped; on SQLite the
      // statement runs under the database's single write lock.
      let due = db
        .selectFrom('webhook_deliveries as d')
        .select('d.id')
        .where('d.state', '=', 'pending')
        .where('d.next_attempt_at', '<=', at)
        .where((eb) => eb.or([eb('d.lease_until', 'is', null), eb('d.lease_until', '<=', at)]))
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('webhook_deliveries as e')
                .select('e.id')
                .whereRef('e.endpoint', '=', 'd.endpoint')
                .whereRef('e.user_id', '=', 'd.user_id')
                .where('e.state', '=', 'pending')
                .whereRef('e.id', '<', 'd.id'),
            ),
          ),
        )
        .orderBy('d.next_attempt_at')
        .orderBy('d.id')
        .limit(limit);
      if (codec.dialect === 'postgres') due = due.forUpdate().skipLocked();
      const rows = await db
        .updateTable('webhook_deliveries')
        .set({
          lease_owner: owner,
          lease_until: codec.instant(now + leaseMicros),
          attempts: sql<number>`attempts + 1`,
        })
        .where('id', 'in', due)
        .returningAll()
        .execute();
      return rows.map(toRecord).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },

    async markDelivered(id, owner, status) {
      const result = await db
        .updateTable('webhook_deliveries')
        .set({
          state: 'delivered',
          delivered_at: codec.instant(clock.now()),
          lease_owner: null,
          lease_until: null,
          last_status: status,
          last_error: null,
        })
        .where('id', '=', id)
        .where('lease_owner', '=', owner)
        .where('state', '=', 'pending')
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async markFailed(id, owner, outcome) {
      const result = await db
        .updateTable('webhook_deliveries')
        .set({
          ...('dead' in outcome
            ? { state: 'dead' }
            : { next_attempt_at: codec.instant(outcome.retryAt) }),
          lease_owner: null,
          lease_until: null,
          last_status: outcome.status,
          last_error: outcome.error.slice(0, WEBHOOK_ERROR_MAX_LENGTH),
        })
        .where('id', '=', id)
        .where('lease_owner', '=', owner)
        .where('state', '=', 'pending')
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async get(id) {
      const row = await db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? null : toRecord(row);
    },

    async list({ state, endpoint, after, limit }) {
      let query = db.selectFrom('webhook_deliveries').selectAll();
      if (state !== undefined) query = query.where('state', '=', state);
      if (endpoint !== undefined) query = query.where('endpoint', '=', endpoint);
      if (after !== undefined) query = query.where('id', '<', after);
      const rows = await query.orderBy('id', 'desc').limit(limit).execute();
      return rows.map(toRecord);
    },

    async retry(id) {
      const row = await db
        .updateTable('webhook_deliveries')
        .set({
          state: 'pending',
          attempts: 0,
          next_attempt_at: codec.instant(clock.now()),
          lease_owner: null,
          lease_until: null,
        })
        .where('id', '=', id)
        .where('state', '=', 'dead')
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? null : toRecord(row);
    },

    async purgeDelivered(before) {
      const result = await db
        .deleteFrom('webhook_deliveries')
        .where('state', '=', 'delivered')
        .where('delivered_at', '<', codec.instant(before))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
