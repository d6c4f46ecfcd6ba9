import type { Document } from 'mongodb';
import type { NewPending, PendingRecord } from '../../model/records.js';
import type { PendingRepo } from '../../ports/storage.js';
import { isDuplicateKey } from './driver-errors.js';
import { findAndRemove } from './find-and-remove.js';
import { earlierThan, instantFields, laterThan, readInstant } from './instant-fields.js';
import { collection, type MongoContext } from './mongo-context.js';
import { readId, readNullableText, readText } from './read-field.js';

function toPendingRecord(doc: Document): PendingRecord {
  return {
    id: readId(doc),
    email: readText(doc, 'email'),
    hashedPassword: readNullableText(doc, 'hashed_password'),
    fullName: readNullableText(doc, 'full_name'),
    tokenHash: readText(doc, 'token_hash'),
    createdAt: readInstant(doc, 'created_at'),
    expiresAt: readInstant(doc, 'expires_at'),
  };
}

export function createPendingRepo(context: MongoContext): PendingRepo {
  const { driver, clock } = context;
  const pending = collection(context, 'pending');

  async function findOne(filter: Document): Promise<PendingRecord | null> {
    const doc = await pending.findOne(filter);
    return doc === null ? null : toPendingRecord(doc);
  }

  return {
    async upsert(input: NewPending) {
      const doc: Document = {
        email: input.email,
        token_hash: input.tokenHash,
        ...instantFields(driver, 'created_at', clock.now()),
        ...instantFields(driver, 'expires_at', input.expiresAt),
      };
      if (input.hashedPassword !== null) doc.hashed_password = input.hashedPassword;
      if (input.fullName !== null) doc.full_name = input.fullName;
      // Replace-or-insert keeps the `_id` of a row being replaced (spec §10.5).
      const replace = () =>
        pending.findOneAndReplace({ email: input.email }, doc, {
          upsert: true,
          returnDocument: 'after',
        });
      let stored: Document | null;
      try {
        stored = await replace();
      } catch (error) {
        // Two upserts of a new email race to insert; the unique index makes one lose, and
        // that one now finds the winner's row to replace. MongoDB retries this itself for
        // an equality match on the unique key; the retry here covers servers that do not.
        if (!isDuplicateKey(error, 'pending_email_unique')) throw error;
        stored = await replace();
      }
      if (stored === null) throw new Error('MongoDB returned no document for an upsert.');
      return toPendingRecord(stored);
    },

    findByTokenHash: (tokenHash) => findOne({ token_hash: tokenHash }),

    findByEmail: (email) => findOne({ email }),

    async consumeByTokenHash(tokenHash) {
      const doc = await findAndRemove(context, 'pending', { token_hash: tokenHash });
      return doc === null ? null : toPendingRecord(doc);
    },

    async deleteByEmail(email) {
      return (await pending.deleteMany({ email })).deletedCount;
    },

    async purgeExpired() {
      return (await pending.deleteMany(earlierThan('expires_at', clock.now()))).deletedCount;
    },

    countUnexpired: () => pending.countDocuments(laterThan('expires_at', clock.now())),
  };
}
