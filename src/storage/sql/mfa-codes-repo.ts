import { timingSafeEqual } from 'node:crypto';
import { MFA_KINDS, type MfaCodeRecord, type MfaKind } from '../../model/records.js';
import type { MfaCodesRepo } from '../../ports/storage.js';
import { readInstant } from './instant-codec.js';
import { readCount, readText } from './read-column.js';
import type { SqlContext } from './sql-context.js';
import type { MfaCodesTable } from './tables.js';

/*
 * SMS codes have a small keyspace, so the attempt budget is the defence: a wrong guess is
 * counted by a conditional UPDATE that only succeeds while attempts remain, so concurrent
 * guesses cannot together exceed `max_attempts`; a match consumes the row with a
 * conditional DELETE, so one code signs in once.
 */

type MfaRow = { readonly [K in keyof MfaCodesTable]: unknown };

function readKind(value: unknown): MfaKind {
  const kind = MFA_KINDS.find((k) => k === value);
  if (kind === undefined) throw new TypeError(`Unknown MFA code kind '${String(value)}'.`);
  return kind;
}

function toMfaCodeRecord(row: MfaRow): MfaCodeRecord {
  return {
    userId: readText(row.user_id),
    kind: readKind(row.kind),
    codeHash: readText(row.code_hash),
    expiresAt: readInstant(row.expires_at),
    attempts: readCount(row.attempts),
    maxAttempts: readCount(row.max_attempts),
    createdAt: readInstant(row.created_at),
  };
}

/** Constant-time equality of two hex digests. */
function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

export function createMfaCodesRepo({ db, codec, clock }: SqlContext): MfaCodesRepo {
  const findRow = (userId: string, kind: MfaKind) =>
    db
      .selectFrom('mfa_codes')
      .selectAll()
      .where('user_id', '=', userId)
      .where('kind', '=', kind)
      .executeTakeFirst();

  /** Deletes exactly the row that was read (not a code re-issued since). */
  async function remove(id: number, codeHash: string): Promise<boolean> {
    const result = await db
      .deleteFrom('mfa_codes')
      .where('id', '=', id)
      .where('code_hash', '=', codeHash)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  return {
    async put(code) {
      const createdAt = codec.instant(clock.now());
      await db
        .insertInto('mfa_codes')
        .values({
          user_id: code.userId,
          kind: code.kind,
          code_hash: code.codeHash,
          expires_at: codec.instant(code.expiresAt),
          attempts: 0,
          max_attempts: code.maxAttempts,
          created_at: createdAt,
        })
        .onConflict((oc) =>
          oc.columns(['user_id', 'kind']).doUpdateSet((eb) => ({
            code_hash: eb.ref('excluded.code_hash'),
            expires_at: eb.ref('excluded.expires_at'),
            attempts: 0,
            max_attempts: eb.ref('excluded.max_attempts'),
            created_at: eb.ref('excluded.created_at'),
          })),
        )
        .execute();
    },

    async find(userId, kind) {
      const row = await findRow(userId, kind);
      return row === undefined ? null : toMfaCodeRecord(row);
    },

    async delete(userId, kind) {
      let query = db.deleteFrom('mfa_codes').where('user_id', '=', userId);
      if (kind !== undefined) query = query.where('kind', '=', kind);
      const result = await query.executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async verify(userId, kind, codeHash) {
      const row = await findRow(userId, kind);
      if (row === undefined) return { outcome: 'missing' };
      const { id, code_hash: storedHash } = row;
      const attempts = readCount(row.attempts);
      const maxAttempts = readCount(row.max_attempts);
      if (attempts >= maxAttempts) {
        await remove(id, storedHash);
        return { outcome: 'locked' };
      }
      if (readInstant(row.expires_at) <= clock.now()) {
        await remove(id, storedHash);
        return { outcome: 'expired' };
      }

      if (sameHash(codeHash, storedHash)) {
        const consumed = await db
          .deleteFrom('mfa_codes')
          .where('id', '=', id)
          .where('code_hash', '=', storedHash)
          .whereRef('attempts', '<', 'max_attempts')
          .returning('id')
          .executeTakeFirst();
        // Losing the row to a concurrent verify means this code is already spent.
        return consumed === undefined ? { outcome: 'missing' } : { outcome: 'ok' };
      }

      const counted = await db
        .updateTable('mfa_codes')
        .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('id', '=', id)
        .where('code_hash', '=', storedHash)
        .whereRef('attempts', '<', 'max_attempts')
        .returning(['attempts', 'max_attempts'])
        .executeTakeFirst();
      if (counted === undefined) {
        // Concurrent guesses spent the budget first, or the code was consumed or replaced.
        const locked = await db
          .deleteFrom('mfa_codes')
          .where('id', '=', id)
          .where('code_hash', '=', storedHash)
          .returning('id')
          .executeTakeFirst();
        return locked === undefined ? { outcome: 'missing' } : { outcome: 'locked' };
      }
      const remaining = Math.max(readCount(counted.max_attempts) - readCount(counted.attempts), 0);
      if (remaining === 0) {
        await remove(id, storedHash);
        return { outcome: 'locked' };
      }
      return { outcome: 'wrong', attemptsRemaining: remaining };
    },

    async purgeExpired() {
      const result = await db
        .deleteFrom('mfa_codes')
        .where('expires_at', '<', codec.instant(clock.now()))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
