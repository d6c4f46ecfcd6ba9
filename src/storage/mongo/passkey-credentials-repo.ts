import type { Document } from 'mongodb';
import { PasskeyAlreadyRegisteredError } from '../../errors/errors.js';
import type { PasskeyCredentialRecord, PasskeyDeviceType } from '../../model/records.js';
import type { PasskeyCredentialsRepo } from '../../ports/storage.js';
import { isDuplicateKey } from './driver-errors.js';
import { byInstant, instantFields, readInstant, readNullableInstant } from './instant-fields.js';
import { collection, type MongoContext } from './mongo-context.js';
import { parseObjectId } from './object-ids.js';
import { readBool, readId, readInteger, readText } from './read-field.js';

/*
 * `passkey_credential_id_unique` binds a credential id to one user. The counter changes
 * with a conditional single-document update, which MongoDB applies atomically.
 */

function readDeviceType(doc: Document): PasskeyDeviceType {
  const value: unknown = doc.device_type;
  if (value === 'singleDevice' || value === 'multiDevice') return value;
  throw new TypeError(`Unknown passkey device type '${String(value)}'.`);
}

function readTransports(doc: Document): string[] {
  const value: unknown = doc.transports;
  if (Array.isArray(value) && value.every((t) => typeof t === 'string')) return value;
  throw new TypeError("MongoDB field 'transports' should hold an array of strings.");
}

function toCredentialRecord(doc: Document): PasskeyCredentialRecord {
  return {
    id: readId(doc),
    userId: readText(doc, 'user_id'),
    credentialId: readText(doc, 'credential_id'),
    publicKey: readText(doc, 'public_key'),
    counter: readInteger(doc, 'counter'),
    transports: readTransports(doc),
    deviceType: readDeviceType(doc),
    backedUp: readBool(doc, 'backed_up'),
    name: readText(doc, 'name'),
    createdAt: readInstant(doc, 'created_at'),
    lastUsedAt: readNullableInstant(doc, 'last_used_at'),
  };
}

export function createPasskeyCredentialsRepo(context: MongoContext): PasskeyCredentialsRepo {
  const { driver, clock } = context;
  const credentials = collection(context, 'passkeyCredentials');

  const byOwner = (userId: string, id: string): Document | null => {
    const _id = parseObjectId(driver, id);
    return _id === null ? null : { _id, user_id: userId };
  };

  return {
    async create(credential) {
      const doc: Document = {
        user_id: credential.userId,
        credential_id: credential.credentialId,
        public_key: credential.publicKey,
        counter: credential.counter,
        transports: [...credential.transports],
        device_type: credential.deviceType,
        backed_up: credential.backedUp,
        name: credential.name,
        ...instantFields(driver, 'created_at', clock.now()),
      };
      try {
        const { insertedId } = await credentials.insertOne(doc);
        return toCredentialRecord({ ...doc, _id: insertedId });
      } catch (error) {
        if (isDuplicateKey(error, 'passkey_credential_id_unique')) {
          throw new PasskeyAlreadyRegisteredError({ cause: error });
        }
        throw error;
      }
    },

    async findByCredentialId(credentialId) {
      const doc = await credentials.findOne({ credential_id: credentialId });
      return doc === null ? null : toCredentialRecord(doc);
    },

    async get(userId, id) {
      const filter = byOwner(userId, id);
      if (filter === null) return null;
      const doc = await credentials.findOne(filter);
      return doc === null ? null : toCredentialRecord(doc);
    },

    async listForUser(userId) {
      const docs = await credentials
        .find({ user_id: userId })
        .sort({ ...byInstant('created_at', 1), _id: 1 })
        .toArray();
      return docs.map(toCredentialRecord);
    },

    async rename(userId, id, name) {
      const filter = byOwner(userId, id);
      if (filter === null) return false;
      return (await credentials.updateOne(filter, { $set: { name } })).matchedCount > 0;
    },

    async recordUse(id, expectedCounter, use) {
      const _id = parseObjectId(driver, id);
      if (_id === null) return false;
      const result = await credentials.updateOne(
        { _id, counter: expectedCounter },
        {
          $set: {
            counter: use.counter,
            backed_up: use.backedUp,
            ...instantFields(driver, 'last_used_at', use.when),
          },
        },
      );
      return result.matchedCount > 0;
    },

    async delete(userId, id) {
      const filter = byOwner(userId, id);
      if (filter === null) return false;
      return (await credentials.deleteOne(filter)).deletedCount > 0;
    },

    async deleteByUserId(userId) {
      return (await credentials.deleteMany({ user_id: userId })).deletedCount;
    },
  };
}
