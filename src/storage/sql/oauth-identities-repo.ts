import { OAuthIdentityAlreadyLinkedError } from '../../errors/errors.js';
import type { OAuthIdentityRecord } from '../../model/records.js';
import type { OAuthIdentitiesRepo } from '../../ports/storage.js';
import { readInstant, readNullableInstant } from './instant-codec.js';
import { readNullableText, readText } from './read-column.js';
import { newId, type SqlContext } from './sql-context.js';
import type { OAuthIdentitiesTable } from './tables.js';
import { uniqueViolation } from './unique-violation.js';

type IdentityRow = { readonly [K in keyof OAuthIdentitiesTable]: unknown };

const IDENTITY_CONSTRAINTS = new Set(['provider_subject_unique', 'user_provider_unique']);

function toIdentityRecord(row: IdentityRow): OAuthIdentityRecord {
  return {
    id: readText(row.id),
    userId: readText(row.user_id),
    provider: readText(row.provider),
    subjectId: readText(row.subject_id),
    email: readNullableText(row.email),
    linkedAt: readInstant(row.linked_at),
    lastUsedAt: readNullableInstant(row.last_used_at),
  };
}

export function createOAuthIdentitiesRepo({ db, codec, clock }: SqlContext): OAuthIdentitiesRepo {
  return {
    async create(identity) {
      try {
        const row = await db
          .insertInto('oauth_identities')
          .values({
            id: newId(),
            user_id: identity.userId,
            provider: identity.provider,
            subject_id: identity.subjectId,
            email: identity.email,
            linked_at: codec.instant(clock.now()),
            last_used_at: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toIdentityRecord(row);
      } catch (error) {
        const constraint = uniqueViolation(error);
        if (constraint !== null && IDENTITY_CONSTRAINTS.has(constraint)) {
          throw new OAuthIdentityAlreadyLinkedError(identity.provider, { cause: error });
        }
        throw error;
      }
    },

    async findBySubject(provider, subjectId) {
      const row = await db
        .selectFrom('oauth_identities')
        .selectAll()
        .where('provider', '=', provider)
        .where('subject_id', '=', subjectId)
        .executeTakeFirst();
      return row === undefined ? null : toIdentityRecord(row);
    },

    async listForUser(userId) {
      const rows = await db
        .selectFrom('oauth_identities')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('linked_at', 'asc')
        .orderBy('provider', 'asc')
        .execute();
      return rows.map(toIdentityRecord);
    },

    async delete(userId, provider) {
      const result = await db
        .deleteFrom('oauth_identities')
        .where('user_id', '=', userId)
        .where('provider', '=', provider)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async deleteByUserId(userId) {
      const result = await db
        .deleteFrom('oauth_identities')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async touchLastUsed(provider, subjectId, when) {
      await db
        .updateTable('oauth_identities')
        .set({ last_used_at: codec.instant(when) })
        .where('provider', '=', provider)
        .where('subject_id', '=', subjectId)
        .execute();
    },
  };
}
