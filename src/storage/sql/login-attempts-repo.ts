import { sql } from 'kysely';
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

    async countRecentByClient(email, ip, windowSeconds) {
      const fromClient = ip === null ? sql<boolean>`ip is null` : sql<boolean>`ip = ${ip}`;
      const when = sql.ref('when');
      const row = await db
        .selectFrom('login_attempts')
        .select((eb) => [
          eb.fn.countAll().as('n'),
          eb.fn.min('when').as('oldest'),
          sql<number | string | bigint>`count(case when ${fromClient} then 1 end)`.as('client_n'),
          sql<string | null>`min(case when ${fromClient} then ${when} end)`.as('client_oldest'),
        ])
        .where('email', '=', email)
        .where('when', '>=', windowStart(windowSeconds))
        .executeTakeFirstOrThrow();
      return {
        all: { count: readCount(row.n), oldest: readNullableInstant(row.oldest) },
        client: {
          count: readCount(row.client_n),
          oldest: readNullableInstant(row.client_oldest),
        },
      };
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
