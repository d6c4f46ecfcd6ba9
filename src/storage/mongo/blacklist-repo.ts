import type { BlacklistRepo } from '../../ports/storage.js';
import { isDuplicateKey } from './driver-errors.js';
import { earlierThan, instantFields, laterThan } from './instant-fields.js';
import { collection, type MongoContext } from './mongo-context.js';

export function createBlacklistRepo(context: MongoContext): BlacklistRepo {
  const { driver, clock } = context;
  const blacklist = collection(context, 'blacklist');

  return {
    async revoke(jti, exp) {
      try {
        await blacklist.updateOne(
          { jti },
          { $setOnInsert: { jti, ...instantFields(driver, 'exp', exp) } },
          { upsert: true },
        );
      } catch (error) {
        // A concurrent revoke of the same jti inserted first: already revoked, as asked.
        if (!isDuplicateKey(error, 'jti_unique')) throw error;
      }
    },

    async isRevoked(jti) {
      const doc = await blacklist.findOne(
        { jti, ...laterThan('exp', clock.now()) },
        { projection: { _id: 1 } },
      );
      return doc !== null;
    },

    async redeem(jti, exp) {
      // The unique `jti_unique` index decides the race: only the inserting caller succeeds.
      try {
        await blacklist.insertOne({ jti, ...instantFields(driver, 'exp', exp) });
        return true;
      } catch (error) {
        if (isDuplicateKey(error, 'jti_unique')) return false;
        throw error;
      }
    },

    async purgeExpired() {
      return (await blacklist.deleteMany(earlierThan('exp', clock.now()))).deletedCount;
    },
  };
}
