import type { NewPending, PendingRecord } from '../../model/records.js';
import type { PendingRepo } from '../../ports/storage.js';
import { readInstant } from './instant-codec.js';
import { readCount, readNullableText, readText } from './read-column.js';
import { newId, type SqlContext } from './sql-context.js';
import type { PendingRegistrationsTable } from './tables.js';

type PendingRow = { readonly [K in keyof PendingRegistrationsTable]: unknown };

function toPendingRecord(row: PendingRow): PendingRecord {
  return {
    id: readText(row.id),
    email: readText(row.email),
    hashedPassword: readNullableText(row.hashed_password),
    fullName: readNullableText(row.full_name),
    tokenHash: readText(row.token_hash),
    createdAt: readInstant(row.created_at),
    expiresAt: readInstant(row.expires_at),
  };
}

export function createPendingRepo({ db, codec, clock }: SqlContext): PendingRepo {
  return {
    async upsert(pending: NewPending) {
      // One statement, so concurrent registrations of one email leave one row.
      const row = await db
        .insertInto('pending_registrations')
        .values({
          id: newId(),
          email: pending.email,
          hashed_password: pending.hashedPassword,
          full_name: pending.fullName,
          token_hash: pending.tokenHash,
          created_at: codec.instant(clock.now()),
          expires_at: codec.instant(pending.expiresAt),
        })
        .onConflict((oc) =>
          oc.column('email').doUpdateSet((eb) => ({
            id: eb.ref('excluded.id'),
            hashed_password: eb.ref('excluded.hashed_password'),
            full_name: eb.ref('excluded.full_name'),
            token_hash: eb.ref('excluded.token_hash'),
            created_at: eb.ref('excluded.created_at'),
            expires_at: eb.ref('excluded.expires_at'),
          })),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      return toPendingRecord(row);
    },

    async findByTokenHash(tokenHash) {
      const row = await db
        .selectFrom('pending_registrations')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row === undefined ? null : toPendingRecord(row);
    },

    async findByEmail(email) {
      const row = await db
        .selectFrom('pending_registrations')
        .selectAll()
        .where('email', '=', email)
        .executeTakeFirst();
      return row === undefined ? null : toPendingRecord(row);
    },

    async consumeByTokenHash(tokenHash) {
      const row = await db
        .deleteFrom('pending_registrations')
        .where('token_hash', '=', tokenHash)
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? null : toPendingRecord(row);
    },

    async deleteByEmail(email) {
      const result = await db
        .deleteFrom('pending_registrations')
        .where('email', '=', email)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async purgeExpired() {
      const result = await db
        .deleteFrom('pending_registrations')
        .where('expires_at', '<', codec.instant(clock.now()))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async countUnexpired() {
      const row = await db
        .selectFrom('pending_registrations')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('expires_at', '>', codec.instant(clock.now()))
        .executeTakeFirstOrThrow();
      return readCount(row.n);
    },
  };
}
