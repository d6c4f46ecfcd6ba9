import type { Document } from 'mongodb';
import { OAuthIdentityAlreadyLinkedError } from '../../errors/errors.js';
import type { OAuthIdentityRecord } from '../../model/records.js';
import type { OAuthIdentitiesRepo } from '../../ports/storage.js';
import { isDuplicateKey } from './driver-errors.js';
import { byInstant, instantFields, readInstant, readNullableInstant } from './instant-fields.js';
import { collection, type MongoContext } from './mongo-context.js';
import { readId, readNullableText, readText } from './read-field.js';

function toIdentityRecord(doc: Document): OAuthIdentityRecord {
  return {
    id: readId(doc),
    userId: readText(doc, 'user_id'),
    provider: readText(doc, 'provider'),
    subjectId: readText(doc, 'subject_id'),
    email: readNullableText(doc, 'email'),
    linkedAt: readInstant(doc, 'linked_at'),
    lastUsedAt: readNullableInstant(doc, 'last_used_at'),
  };
}

export function createOAuthIdentitiesRepo(context: MongoContext): OAuthIdentitiesRepo {
  const { driver, clock } = context;
  const identities = collection(context, 'oauthIdentities');

  return {
    async create(identity) {
      const doc: Document = {
        user_id: identity.userId,
        provider: identity.provider,
        subject_id: identity.subjectId,
        ...instantFields(driver, 'linked_at', clock.now()),
      };
      if (identity.email !== null) doc.email = identity.email;
      try {
        const { insertedId } = await identities.insertOne(doc);
        return toIdentityRecord({ ...doc, _id: insertedId });
      } catch (error) {
        if (
          isDuplicateKey(error, 'provider_subject_unique') ||
          isDuplicateKey(error, 'user_provider_unique')
        ) {
          throw new OAuthIdentityAlreadyLinkedError(identity.provider, { cause: error });
        }
        throw error;
      }
    },

    async findBySubject(provider, subjectId) {
      const doc = await identities.findOne({ provider, subject_id: subjectId });
      return doc === null ? null : toIdentityRecord(doc);
    },

    async listForUser(userId) {
      const docs = await identities
        .find({ user_id: userId })
        .sort({ ...byInstant('linked_at', 1), provider: 1 })
        .toArray();
      return docs.map(toIdentityRecord);
    },

    async delete(userId, provider) {
      return (await identities.deleteOne({ user_id: userId, provider })).deletedCount > 0;
    },

    async deleteByUserId(userId) {
      return (await identities.deleteMany({ user_id: userId })).deletedCount;
    },

    async touchLastUsed(provider, subjectId, when) {
      await identities.updateOne(
        { provider, subject_id: subjectId },
        { $set: instantFields(driver, 'last_used_at', when) },
      );
    },
  };
}
