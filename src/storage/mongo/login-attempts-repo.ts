import type { Document } from 'mongodb';
import { MICROS_PER_SECOND } from '../../ports/clock.js';
import type { LoginAttemptsRepo, RecentFailures } from '../../ports/storage.js';
import {
  atOrAfter,
  byInstant,
  earlierThan,
  instantFields,
  readNullableInstant,
} from './instant-fields.js';
import { collection, type MongoContext } from './mongo-context.js';
import { readInteger } from './read-field.js';

/*
 * The counts are aggregations: sorted oldest first, so `$first` is the oldest failure
 * (`$min` would do the same on MongoDB; the jongodb test server lacks `$min` and `$max`
 * accumulators and evaluates no expressions inside `$group`, so per-client counts use
 * `$facet` with a plain `$match` rather than `$sum` over `$cond`).
 */

const GROUP = {
  $group: {
    _id: null,
    n: { $sum: 1 },
    oldest: { $first: '$when' },
    oldest_us: { $first: '$when_us' },
  },
};

function toFailures(groups: unknown): RecentFailures {
  const group: unknown = Array.isArray(groups) ? groups[0] : undefined;
  if (typeof group !== 'object' || group === null) return { count: 0, oldest: null };
  const doc = group as Document;
  return { count: readInteger(doc, 'n'), oldest: readNullableInstant(doc, 'oldest') };
}

export function createLoginAttemptsRepo(context: MongoContext): LoginAttemptsRepo {
  const { driver, clock } = context;
  const attempts = collection(context, 'attempts');
  const windowStart = (windowSeconds: number) =>
    clock.now() - Math.round(windowSeconds * MICROS_PER_SECOND);
  const recent = (email: string, windowSeconds: number): Document[] => [
    { $match: { email, ...atOrAfter('when', windowStart(windowSeconds)) } },
    { $sort: byInstant('when', 1) },
  ];

  return {
    async recordFailure(email, ip) {
      const doc: Document = { email, ...instantFields(driver, 'when', clock.now()) };
      if (ip !== null) doc.ip = ip;
      await attempts.insertOne(doc);
    },

    async countRecent(email, windowSeconds) {
      const groups = await attempts.aggregate([...recent(email, windowSeconds), GROUP]).toArray();
      return toFailures(groups);
    },

    async countRecentByClient(email, ip, windowSeconds) {
      // `{ ip: null }` also matches failures stored without an address (the field is omitted).
      const [row] = await attempts
        .aggregate([
          ...recent(email, windowSeconds),
          { $facet: { all: [GROUP], client: [{ $match: { ip } }, GROUP] } },
        ])
        .toArray();
      return { all: toFailures(row?.all), client: toFailures(row?.client) };
    },

    async clear(email) {
      return (await attempts.deleteMany({ email })).deletedCount;
    },

    async purgeExpired(windowSeconds) {
      const filter = earlierThan('when', windowStart(windowSeconds));
      return (await attempts.deleteMany(filter)).deletedCount;
    },
  };
}
