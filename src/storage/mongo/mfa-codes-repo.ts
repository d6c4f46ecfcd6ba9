import { timingSafeEqual } from 'node:crypto';
import type { Document } from 'mongodb';
import { MFA_KINDS, type MfaCodeRecord, type MfaKind } from '../../model/records.js';
import type { MfaCodesRepo } from '../../ports/storage.js';
import { isDuplicateKey } from './driver-errors.js';
import { findAndRemove } from './find-and-remove.js';
import { earlierThan, instantFields, readInstant } from './instant-fields.js';
import { collection, type MongoContext } from './mongo-context.js';
import { readInteger, readText } from './read-field.js';

/*
 * SMS codes have a small keyspace, so the attempt budget is the defence (spec §10.6): a wrong
 * guess is counted by a conditional `findOneAndUpdate` that matches only while attempts
 * remain, so concurrent guesses cannot together exceed `max_attempts`; a match consumes the
 * document with a conditional `findAndModify … remove`, so one code signs in once. Every
 * write names the `_id` and `code_hash` that were read, so a code re-issued meanwhile is
 * never touched.
 */

const ATTEMPTS_LEFT = { $expr: { $lt: ['$attempts', '$max_attempts'] } };

function readKind(doc: Document): MfaKind {
  const kind = MFA_KINDS.find((k) => k === doc.kind);
  if (kind === undefined) throw new TypeError(`Unknown MFA code kind '${String(doc.kind)}'.`);
  return kind;
}

function toMfaCodeRecord(doc: Document): MfaCodeRecord {
  return {
    userId: readText(doc, 'user_id'),
    kind: readKind(doc),
    codeHash: readText(doc, 'code_hash'),
    expiresAt: readInstant(doc, 'expires_at'),
    attempts: readInteger(doc, 'attempts'),
    maxAttempts: readInteger(doc, 'max_attempts'),
    createdAt: readInstant(doc, 'created_at'),
  };
}

/** Constant-time equality of two hex digests. */
function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

export function createMfaCodesRepo(context: MongoContext): MfaCodesRepo {
  const { driver, clock } = context;
  const codes = collection(context, 'mfaCodes');

  /** Deletes exactly the document that was read (not a code re-issued since). */
  const remove = (read: Document, extra: Document = {}) =>
    findAndRemove(context, 'mfaCodes', { _id: read._id, code_hash: read.code_hash, ...extra });

  return {
    async put(code) {
      const doc: Document = {
        user_id: code.userId,
        kind: code.kind,
        code_hash: code.codeHash,
        ...instantFields(driver, 'expires_at', code.expiresAt),
        attempts: 0,
        max_attempts: code.maxAttempts,
        ...instantFields(driver, 'created_at', clock.now()),
      };
      const replace = () =>
        codes.replaceOne({ user_id: code.userId, kind: code.kind }, doc, { upsert: true });
      try {
        await replace();
      } catch (error) {
        // A concurrent put inserted the (user, kind) first; replace that one instead.
        if (!isDuplicateKey(error, 'user_kind_unique')) throw error;
        await replace();
      }
    },

    async find(userId, kind) {
      const doc = await codes.findOne({ user_id: userId, kind });
      return doc === null ? null : toMfaCodeRecord(doc);
    },

    async delete(userId, kind) {
      const filter: Document = kind === undefined ? { user_id: userId } : { user_id: userId, kind };
      return (await codes.deleteMany(filter)).deletedCount;
    },

    async verify(userId, kind, codeHash) {
      const doc = await codes.findOne({ user_id: userId, kind });
      if (doc === null) return { outcome: 'missing' };
      const record = toMfaCodeRecord(doc);
      if (record.attempts >= record.maxAttempts) {
        await remove(doc);
        return { outcome: 'locked' };
      }
      if (record.expiresAt <= clock.now()) {
        await remove(doc);
        return { outcome: 'expired' };
      }

      if (sameHash(codeHash, record.codeHash)) {
        const consumed = await remove(doc, ATTEMPTS_LEFT);
        // Losing the document to a concurrent verify means this code is already spent.
        return consumed === null ? { outcome: 'missing' } : { outcome: 'ok' };
      }

      const counted = await codes.findOneAndUpdate(
        { _id: doc._id, code_hash: record.codeHash, ...ATTEMPTS_LEFT },
        { $inc: { attempts: 1 } },
        { returnDocument: 'after' },
      );
      if (counted === null) {
        // Concurrent guesses spent the budget first, or the code was consumed or replaced.
        const locked = await remove(doc);
        return locked === null ? { outcome: 'missing' } : { outcome: 'locked' };
      }
      const after = toMfaCodeRecord(counted);
      const remaining = Math.max(after.maxAttempts - after.attempts, 0);
      if (remaining === 0) {
        await remove(doc);
        return { outcome: 'locked' };
      }
      return { outcome: 'wrong', attemptsRemaining: remaining };
    },

    async purgeExpired() {
      return (await codes.deleteMany(earlierThan('expires_at', clock.now()))).deletedCount;
    },
  };
}
