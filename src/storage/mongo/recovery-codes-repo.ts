import type { Document } from 'mongodb';
import type { RecoveryCodesRepo } from '../../ports/storage.js';
import { instantFields } from './instant-fields.js';
import { collection, type MongoContext } from './mongo-context.js';

/*
 * `used_at` is omitted until a code is used, so `used_at: null` matches the unused ones;
 * consuming is one conditional single-document update, so a code is spent once.
 */

export function createRecoveryCodesRepo(context: MongoContext): RecoveryCodesRepo {
  const { driver, clock } = context;
  const codes = collection(context, 'recoveryCodes');

  return {
    async replace(userId, codeHashes) {
      await codes.deleteMany({ user_id: userId });
      if (codeHashes.length === 0) return;
      const createdAt = instantFields(driver, 'created_at', clock.now());
      const docs: Document[] = codeHashes.map((codeHash) => ({
        user_id: userId,
        code_hash: codeHash,
        ...createdAt,
      }));
      await codes.insertMany(docs);
    },

    async consume(userId, codeHash) {
      const result = await codes.updateOne(
        { user_id: userId, code_hash: codeHash, used_at: null },
        { $set: instantFields(driver, 'used_at', clock.now()) },
      );
      return result.modifiedCount > 0;
    },

    async countRemaining(userId) {
      return codes.countDocuments({ user_id: userId, used_at: null });
    },

    async exist(userId) {
      return (await codes.findOne({ user_id: userId }, { projection: { _id: 1 } })) !== null;
    },

    async deleteByUserId(userId) {
      return (await codes.deleteMany({ user_id: userId })).deletedCount;
    },
  };
}
