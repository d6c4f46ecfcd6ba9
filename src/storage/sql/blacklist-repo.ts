import type { BlacklistRepo } from '../../ports/storage.js';
import type { SqlContext } from './sql-context.js';

export function createBlacklistRepo({ db, codec, clock }: SqlContext): BlacklistRepo {
  return {
    async revoke(jti, exp) {
      await db
        .insertInto('token_blacklist')
        .values({ jti, exp: codec.instant(exp) })
        .onConflict((oc) => oc.column('jti').doNothing())
        .execute();
    },

    async isRevoked(jti) {
      const row = await db
        .selectFrom('token_blacklist')
        .select('id')
        .where('jti', '=', jti)
        .where('exp', '>', codec.instant(clock.now()))
        .executeTakeFirst();
      return row !== undefined;
    },

    async redeem(jti, exp) {
      // The unique `jti` decides the race: only the inserting caller gets a row back.
      const row = await db
        .insertInto('token_blacklist')
        .values({ jti, exp: codec.instant(exp) })
        .onConflict((oc) => oc.column('jti').doNothing())
        .returning('id')
        .executeTakeFirst();
      return row !== undefined;
    },

    async purgeExpired() {
      const result = await db
        .deleteFrom('token_blacklist')
        .where('exp', '<', codec.instant(clock.now()))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
