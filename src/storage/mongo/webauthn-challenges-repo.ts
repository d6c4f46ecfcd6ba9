import { randomUUID } from 'node:crypto';
import type { Document } from 'mongodb';
import type { WebauthnChallengeRecord, WebauthnPurpose } from '../../model/records.js';
import type { WebauthnChallengesRepo } from '../../ports/storage.js';
import { findAndRemove } from './find-and-remove.js';
import { earlierThan, instantFields, readInstant } from './instant-fields.js';
import { collection, type MongoContext } from './mongo-context.js';
import { readNullableText, readText } from './read-field.js';

/* A challenge's id is random text kept as `_id`, as an OAuth state's is (spec §10.4). */

interface ChallengeDocument extends Document {
  _id: string;
}

function readPurpose(doc: Document): WebauthnPurpose {
  const value: unknown = doc.purpose;
  if (value === 'registration' || value === 'authentication' || value === 'mfa') return value;
  throw new TypeError(`Unknown WebAuthn challenge purpose '${String(value)}'.`);
}

function toChallengeRecord(doc: Document): WebauthnChallengeRecord {
  return {
    id: readText(doc, '_id'),
    challengeHash: readText(doc, 'challenge_hash'),
    purpose: readPurpose(doc),
    userId: readNullableText(doc, 'user_id'),
    createdAt: readInstant(doc, 'created_at'),
    expiresAt: readInstant(doc, 'expires_at'),
  };
}

export function createWebauthnChallengesRepo(context: MongoContext): WebauthnChallengesRepo {
  const { driver, clock } = context;
  const challenges = collection<ChallengeDocument>(context, 'webauthnChallenges');

  return {
    async create(challenge) {
      const doc: ChallengeDocument = {
        _id: randomUUID().replaceAll('-', ''),
        challenge_hash: challenge.challengeHash,
        purpose: challenge.purpose,
        ...instantFields(driver, 'created_at', clock.now()),
        ...instantFields(driver, 'expires_at', challenge.expiresAt),
      };
      if (challenge.userId !== null) doc.user_id = challenge.userId;
      await challenges.insertOne(doc);
      return toChallengeRecord(doc);
    },

    async consume(id) {
      // One atomic read-and-delete: a challenge answers one ceremony.
      const doc = await findAndRemove(context, 'webauthnChallenges', { _id: id });
      return doc === null ? null : toChallengeRecord(doc);
    },

    async purgeExpired() {
      return (await challenges.deleteMany(earlierThan('expires_at', clock.now()))).deletedCount;
    },
  };
}
