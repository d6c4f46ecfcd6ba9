import type { Document, ObjectId } from 'mongodb';
import { DuplicateEmailError } from '../../errors/errors.js';
import type { NewUser, UserRecord } from '../../model/user.js';
import type { Instant } from '../../ports/clock.js';
import type { ListingCursor, UserCountFilter, UsersRepo } from '../../ports/storage.js';
import { isDuplicateKey } from './driver-errors.js';
import {
  byInstant,
  earlierThan,
  instantFields,
  microsField,
  readInstant,
  readNullableInstant,
} from './instant-fields.js';
import { collection, type MongoContext } from './mongo-context.js';
import { parseObjectId } from './object-ids.js';
import { readBool, readId, readNullableText, readText } from './read-field.js';

const INT32_MAX = 2 ** 31 - 1;

export function toUserRecord(doc: Document): UserRecord {
  return {
    id: readId(doc),
    email: readText(doc, 'email'),
    hashedPassword: readNullableText(doc, 'hashed_password'),
    isActive: readBool(doc, 'is_active'),
    isVerified: readBool(doc, 'is_verified'),
    isSuperuser: readBool(doc, 'is_superuser'),
    fullName: readNullableText(doc, 'full_name'),
    phoneNumber: readNullableText(doc, 'phone_number'),
    isMfaEnabled: readBool(doc, 'is_mfa_enabled'),
    createdAt: readInstant(doc, 'created_at'),
    updatedAt: readInstant(doc, 'updated_at'),
    lastLogin: readNullableInstant(doc, 'last_login'),
    tokensInvalidatedAfter: readNullableInstant(doc, 'tokens_invalidated_after'),
  };
}

function duplicateEmail(error: unknown, email: string): unknown {
  return isDuplicateKey(error, 'email_unique')
    ? new DuplicateEmailError(email, { cause: error })
    : error;
}

/** Documents omit null-valued fields (spec §10.4): a null is an `$unset`, not a stored null. */
function splitNulls(values: Document): { $set: Document; $unset?: Document } {
  const $set: Document = {};
  const $unset: Document = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === null) $unset[key] = '';
    else $set[key] = value;
  }
  return Object.keys($unset).length === 0 ? { $set } : { $set, $unset };
}

export function createUsersRepo(context: MongoContext): UsersRepo {
  const { driver, clock } = context;
  const users = collection(context, 'users');
  const at = (field: string, when: Instant) => instantFields(driver, field, when);

  /**
   * The documents past a listing position, in (created_at, created_at_us, _id) order. A
   * document without `created_at_us` (written by another tool) sorts before every document of
   * the same millisecond that has one; it is placed by its `_id` among its own kind.
   */
  const pastCursor = (after: ListingCursor, newestFirst: boolean): Document | null => {
    const _id = parseObjectId(driver, after.id);
    if (_id === null) return null;
    const op = newestFirst ? '$lt' : '$gt';
    const fields = instantFields(driver, 'created_at', after.createdAt);
    const us = microsField('created_at');
    const date = fields.created_at;
    const micros = fields[us];
    return {
      $or: [
        { created_at: { [op]: date } },
        { created_at: date, [us]: { [op]: micros } },
        { created_at: date, [us]: micros, _id: { [op]: _id } },
        { created_at: date, [us]: null, _id: { [op]: _id } },
      ],
    };
  };

  /** Every setter bumps `updated_at` to now (spec §3.1); an unknown or malformed id is a no-op. */
  async function set(id: string, values: Document, extra: Document = {}): Promise<number> {
    const _id = parseObjectId(driver, id);
    if (_id === null) return 0;
    const update = splitNulls({ ...values, ...at('updated_at', clock.now()) });
    const result = await users.updateOne({ _id, ...extra }, update);
    return result.matchedCount;
  }

  /** Revokes every session issued until now (the cut-off is `now`). */
  const revokeNow = () => at('tokens_invalidated_after', clock.now());

  async function findOne(filter: Document): Promise<UserRecord | null> {
    const doc = await users.findOne(filter);
    return doc === null ? null : toUserRecord(doc);
  }

  return {
    async create(user: NewUser) {
      const now = clock.now();
      const doc: Document = {
        email: user.email,
        is_active: user.isActive ?? true,
        is_verified: user.isVerified ?? false,
        is_superuser: user.isSuperuser ?? false,
        is_mfa_enabled: false,
        ...at('created_at', now),
        ...at('updated_at', now),
      };
      if (user.hashedPassword !== null) doc.hashed_password = user.hashedPassword;
      if (user.fullName !== undefined && user.fullName !== null) doc.full_name = user.fullName;
      try {
        const { insertedId } = await users.insertOne(doc);
        return toUserRecord({ ...doc, _id: insertedId });
      } catch (error) {
        throw duplicateEmail(error, user.email);
      }
    },

    async getById(id) {
      const _id: ObjectId | null = parseObjectId(driver, id);
      return _id === null ? null : findOne({ _id });
    },

    getByEmail: (email) => findOne({ email }),

    async setLastLogin(id, when) {
      await set(id, at('last_login', when));
    },

    async setTokensInvalidatedAfter(id, when) {
      await set(id, at('tokens_invalidated_after', when));
    },

    async updatePassword(id, hashedPassword) {
      await set(id, { hashed_password: hashedPassword, ...revokeNow() });
    },

    async rehashPassword(id, expected, hashedPassword) {
      return (
        (await set(id, { hashed_password: hashedPassword }, { hashed_password: expected })) > 0
      );
    },

    async setActive(id, active) {
      await set(id, { is_active: active });
    },

    async deactivate(id) {
      await set(id, { is_active: false, ...revokeNow() });
    },

    async setSuperuser(id, superuser) {
      await set(id, { is_superuser: superuser });
    },

    async setVerified(id, verified) {
      await set(id, { is_verified: verified });
    },

    async setFullName(id, fullName) {
      await set(id, { full_name: fullName });
    },

    async setPhoneAndMfa(id, phoneNumber, mfaEnabled) {
      await set(id, { phone_number: phoneNumber, is_mfa_enabled: mfaEnabled });
    },

    async updateEmailAndRevoke(id, email, issuedAt) {
      // With `issuedAt`, only while the cut-off is still before it: of two links confirmed
      // at once, the first one's new cut-off retires the second in the same update.
      const stillValid =
        issuedAt === undefined
          ? {}
          : {
              $or: [
                { tokens_invalidated_after: null },
                earlierThan('tokens_invalidated_after', issuedAt),
              ],
            };
      try {
        return (await set(id, { email, ...revokeNow() }, stillValid)) > 0;
      } catch (error) {
        throw duplicateEmail(error, email);
      }
    },

    async delete(id) {
      const _id = parseObjectId(driver, id);
      if (_id === null) return false;
      return (await users.deleteOne({ _id })).deletedCount > 0;
    },

    async count(filter: UserCountFilter = {}) {
      const query: Document = {};
      if (filter.isActive !== undefined) query.is_active = filter.isActive;
      if (filter.isVerified !== undefined) query.is_verified = filter.isVerified;
      if (filter.isSuperuser !== undefined) query.is_superuser = filter.isSuperuser;
      return users.countDocuments(query);
    },

    async listPaged({ skip, limit, newestFirst = true, after }) {
      // The driver sends numbers past int32 as doubles, which some servers (jongodb) refuse
      // for skip and limit: a skip that far passes every document only if the collection
      // is smaller, which one count settles; a limit that far is no limit.
      if (skip > INT32_MAX && (await users.countDocuments({})) <= skip) return [];
      const direction = newestFirst ? -1 : 1;
      const filter = after === undefined ? {} : pastCursor(after, newestFirst);
      if (filter === null) return [];
      const docs = await users
        .find(filter)
        .sort({ ...byInstant('created_at', direction), _id: direction })
        .skip(Math.min(skip, INT32_MAX))
        .limit(Math.min(limit, INT32_MAX))
        .toArray();
      return docs.map(toUserRecord);
    },
  };
}
