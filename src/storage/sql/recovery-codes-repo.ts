import type { RecoveryCodesRepo } from '../../ports/storage.js';
import { readCount } from './read-column.js';
import { newId, type SqlContext } from './sql-context.js';

export function createRecoveryCodesRepo({ db, codec, clock }: SqlContext): RecoveryCodesRepo {
  return {
    async replace(userId, codeHashes) {
      const createdAt = codec.instant(clock.now());
      // One transaction: a reader never sees the old codes gone and the new ones missing.
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
        if (codeHashes.length === 0) return;
        await trx
          .insertInto('recovery_codes')
          .values(
            codeHashes.map((codeHash) => ({
              id: newId(),
              user_id: userId,
              code_hash: codeHash,
              created_at: createdAt,
              used_at: null,
            })),
          )
          .execute();
      });
    },

    async consume(userId, codeHash) {
      const result = await db
        .updateTable('recovery_codes')
        .set({ used_at: codec.instant(clock.now()) })
        .where('user_id', '=', userId)
        .where('code_hash', '=', codeHash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async countRemaining(userId) {
      const row = await db
        .selectFrom('recovery_codes')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .executeTakeFirstOrThrow();
      return readCount(row.n);
    },

    async exist(userId) {
      const row = await db
        .selectFrom('recovery_codes')
        .select('id')
        .where('user_id', '=', userId)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },

    async deleteByUserId(userId) {
      const result = await db
        .deleteFrom('recovery_codes')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
