import { MICROS_PER_SECOND } from '../../ports/clock.js';
import type { LoginAttemptsRepo } from '../../ports/storage.js';
import { readNullableInstant } from './instant-codec.js';
import { readCount } from './read-column.js';
import type { SqlContext } from './sql-context.js';

export function createLoginAttemptsRepo({ db, codec, clock }: SqlContext): LoginAttemptsRepo {
  const windowStart = (windowSeconds: number): string =>
    codec.instant(clock.now() - Math.round(windowSeconds * MICROS_PER_SECOND));

  return {
    async recordFailure(email, ip) {
      await db
        .insertInto('login_attempts')
        .values({ email, when: codec.instant(clock.now()), ip })
        .execute();
    },

    async countRecent(email, windowSeconds) {
      const row = await db
        .selectFrom('login_attempts')
        .select((eb) => [eb.fn.countAll().as('n'), eb.fn.min('when').as('oldest')])
        .where('email', '=', email)
        .where('when', '>=', windowStart(windowSeconds))
        .executeTakeFirstOrThrow();
      return { count: readCount(row.n), oldest: readNullableInstant(row.oldest) };
    },

    async clear(email) {
      const result = await db
        .deleteFrom('login_attempts')
        .where('email', '=', email)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async purgeExpired(windowSeconds) {
      const result = await db
        .deleteFrom('login_attempts')
        .where('when', '<', windowStart(windowSeconds))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
