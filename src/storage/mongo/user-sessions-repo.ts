import type { Document } from 'mongodb';
import type { UserSessionRecord } from '../../model/records.js';
import type { UserSessionsRepo } from '../../ports/storage.js';
import { byInstant, earlierThan, instantFields, laterThan, readInstant } from './instant-fields.js';
import { collection, type MongoContext } from './mongo-context.js';
import { parseObjectId } from './object-ids.js';
import { readId, readNullableText, readText } from './read-field.js';

function toSessionRecord(doc: Document): UserSessionRecord {
  return {
    id: readId(doc),
    userId: readText(doc, 'user_id'),
    jti: readText(doc, 'jti'),
    createdAt: readInstant(doc, 'created_at'),
    expiresAt: readInstant(doc, 'expires_at'),
    userAgent: readNullableText(doc, 'user_agent'),
    ip: readNullableText(doc, 'ip'),
    method: readText(doc, 'method'),
  };
}

export function createUserSessionsRepo(context: MongoContext): UserSessionsRepo {
  const { driver, clock } = context;
  const sessions = collection(context, 'userSessions');

  return {
    async create(session) {
      const doc: Document = {
        user_id: session.userId,
        jti: session.jti,
        ...instantFields(driver, 'created_at', session.createdAt),
        ...instantFields(driver, 'expires_at', session.expiresAt),
        method: session.method,
      };
      if (session.userAgent !== null) doc.user_agent = session.userAgent;
      if (session.ip !== null) doc.ip = session.ip;
      const { insertedId } = await sessions.insertOne(doc);
      return toSessionRecord({ ...doc, _id: insertedId });
    },

    async listLive(userId, notBefore) {
      const filter: Document = {
        user_id: userId,
        ...laterThan('expires_at', clock.now()),
        ...(notBefore === null ? {} : laterThan('created_at', notBefore)),
      };
      const docs = await sessions
        .find(filter)
        .sort({ ...byInstant('created_at', -1), _id: 1 })
        .toArray();
      return docs.map(toSessionRecord);
    },

    async get(userId, id) {
      const _id = parseObjectId(driver, id);
      if (_id === null) return null;
      const doc = await sessions.findOne({ _id, user_id: userId });
      return doc === null ? null : toSessionRecord(doc);
    },

    async delete(userId, id) {
      const _id = parseObjectId(driver, id);
      if (_id === null) return false;
      return (await sessions.deleteOne({ _id, user_id: userId })).deletedCount > 0;
    },

    async deleteByJti(jti) {
      return (await sessions.deleteOne({ jti })).deletedCount > 0;
    },

    async deleteByUserId(userId) {
      return (await sessions.deleteMany({ user_id: userId })).deletedCount;
    },

    async purgeExpired() {
      return (await sessions.deleteMany(earlierThan('expires_at', clock.now()))).deletedCount;
    },
  };
}
