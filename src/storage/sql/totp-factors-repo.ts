import type { TotpFactorRecord } from '../../model/records.js';
import type { TotpFactorsRepo } from '../../ports/storage.js';
import { readInstant, readNullableInstant } from './instant-codec.js';
import { readCount, readText } from './read-column.js';
import type { SqlContext } from './sql-context.js';
import type { TotpFactorsTable } from './tables.js';

/*
 * Every write that depends on the factor's state says so in its WHERE clause, so the check
 * and the change are one statement: two requests with the same code cannot both pass.
 */

type FactorRow = { readonly [K in keyof TotpFactorsTable]: unknown };

function toFactorRecord(row: FactorRow): TotpFactorRecord {
  return {
    userId: readText(row.user_id),
    sealedSecret: readText(row.sealed_secret),
    createdAt: readInstant(row.created_at),
    confirmedAt: readNullableInstant(row.confirmed_at),
    lastStep:
      row.last_step === null || row.last_step === undefined ? null : readCount(row.last_step),
  };
}

export function createTotpFactorsRepo({ db, codec, clock }: SqlContext): TotpFactorsRepo {
  return {
    async get(userId) {
      const row = await db
        .selectFrom('totp_factors')
        .selectAll()
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row === undefined ? null : toFactorRecord(row);
    },

    async putUnconfirmed(userId, sealedSecret) {
      const row = await db
        .insertInto('totp_factors')
        .values({
          user_id: userId,
          sealed_secret: sealedSecret,
          created_at: codec.instant(clock.now()),
          confirmed_at: null,
          last_step: null,
        })
        .onConflict((oc) =>
          oc
            .column('user_id')
            .doUpdateSet((eb) => ({
              sealed_secret: eb.ref('excluded.sealed_secret'),
              created_at: eb.ref('excluded.created_at'),
              last_step: null,
            }))
            .where('totp_factors.confirmed_at', 'is', null),
        )
        .returning('user_id')
        .executeTakeFirst();
      return row !== undefined;
    },

    async confirm(userId, step) {
      const result = await db
        .updateTable('totp_factors')
        .set({ confirmed_at: codec.instant(clock.now()), last_step: step })
        .where('user_id', '=', userId)
        .where('confirmed_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async acceptStep(userId, step) {
      const result = await db
        .updateTable('totp_factors')
        .set({ last_step: step })
        .where('user_id', '=', userId)
        .where('confirmed_at', 'is not', null)
        .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async delete(userId) {
      const result = await db
        .deleteFrom('totp_factors')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
