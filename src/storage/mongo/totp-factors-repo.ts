import type { Document } from 'mongodb';
import type { TotpFactorRecord } from '../../model/records.js';
import type { TotpFactorsRepo } from '../../ports/storage.js';
import { isDuplicateKey } from './driver-errors.js';
import { instantFields, readInstant, readNullableInstant } from './instant-fields.js';
import { collection, type MongoContext } from './mongo-context.js';
import { readInteger, readText } from './read-field.js';

/*
 * One document per user (`totp_user_unique`). Null fields are omitted, so `confirmed_at: null`
 * matches an unconfirmed factor. Each conditional write is a single-document update, which
 * MongoDB applies atomically: the step compare-and-set holds under concurrency.
 */

function toFactorRecord(doc: Document): TotpFactorRecord {
  const lastStep: unknown = doc.last_step;
  return {
    userId: readText(doc, 'user_id'),
    sealedSecret: readText(doc, 'sealed_secret'),
    createdAt: readInstant(doc, 'created_at'),
    confirmedAt: readNullableInstant(doc, 'confirmed_at'),
    lastStep: lastStep === null || lastStep === undefined ? null : readInteger(doc, 'last_step'),
  };
}

export function createTotpFactorsRepo(context: MongoContext): TotpFactorsRepo {
  const { driver, clock } = context;
  const factors = collection(context, 'totpFactors');

  return {
    async get(userId) {
      const doc = await factors.findOne({ user_id: userId });
      return doc === null ? null : toFactorRecord(doc);
    },

    async putUnconfirmed(userId, sealedSecret) {
      const doc: Document = {
        user_id: userId,
        sealed_secret: sealedSecret,
        ...instantFields(driver, 'created_at', clock.now()),
      };
      const replace = () =>
        factors.replaceOne({ user_id: userId, confirmed_at: null }, doc, { upsert: true });
      for (let attempt = 0; attempt < 2; attempt += 1) {
        try {
          await replace();
          return true;
        } catch (error) {
          // A confirmed factor (or a concurrent insert) holds the user id: look again once.
          if (!isDuplicateKey(error, 'totp_user_unique')) throw error;
        }
      }
      return false;
    },

    async confirm(userId, step) {
      const result = await factors.updateOne(
        { user_id: userId, confirmed_at: null },
        { $set: { ...instantFields(driver, 'confirmed_at', clock.now()), last_step: step } },
      );
      return result.modifiedCount > 0;
    },

    async acceptStep(userId, step) {
      const result = await factors.updateOne(
        {
          user_id: userId,
          confirmed_at: { $ne: null },
          $or: [{ last_step: null }, { last_step: { $lt: step } }],
        },
        { $set: { last_step: step } },
      );
      return result.modifiedCount > 0;
    },

    async delete(userId) {
      return (await factors.deleteOne({ user_id: userId })).deletedCount > 0;
    },
  };
}
