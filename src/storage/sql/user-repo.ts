import type { Kysely, Selectable, SelectQueryBuilder } from 'kysely';
import { DuplicateEmailError } from '../../errors/errors.js';
import type { NewUser, UserRecord } from '../../model/user.js';
import type { Instant } from '../../ports/clock.js';
import type { UserCountFilter, UsersRepo } from '../../ports/storage.js';
import { readInstant, readNullableInstant } from './instant-codec.js';
import { readBool, readCount, readNullableText, readText } from './read-column.js';
import { newId, type SqlContext } from './sql-context.js';
import type { Tables, UsersTable } from './tables.js';
import { uniqueViolation } from './unique-violation.js';

/** A `users` row as any driver returns it. */
export type UserRow = { readonly [K in keyof UsersTable]: unknown };

export function toUserRecord(row: UserRow): UserRecord {
  return {
    id: readText(row.id),
    email: readText(row.email),
    hashedPassword: readNullableText(row.hashed_password),
    isActive: readBool(row.is_active),
    isVerified: readBool(row.is_verified),
    isSuperuser: readBool(row.is_superuser),
    fullName: readNullableText(row.full_name),
    phoneNumber: readNullableText(row.phone_number),
    isMfaEnabled: readBool(row.is_mfa_enabled),
    createdAt: readInstant(row.created_at),
    updatedAt: readInstant(row.updated_at),
    lastLogin: readNullableInstant(row.last_login),
    tokensInvalidatedAfter: readNullableInstant(row.tokens_invalidated_after),
  };
}

function duplicateEmail(error: unknown, email: string): unknown {
  return uniqueViolation(error) === 'email_unique'
    ? new DuplicateEmailError(email, { cause: error })
    : error;
}

/** The sign-in's lookup; exported for the query-plan test. */
export function selectUserByEmail(
  db: Kysely<Tables>,
  email: string,
): SelectQueryBuilder<Tables, 'users', Selectable<UsersTable>> {
  return db.selectFrom('users').selectAll().where('email', '=', email);
}

/** The admin listing's page (see `UsersRepo.listPaged`); exported for the query-plan test. */
export function selectUsersPage(
  { db, codec }: Pick<SqlContext, 'db' | 'codec'>,
  { skip, limit, newestFirst = true, after }: Parameters<UsersRepo['listPaged']>[0],
): SelectQueryBuilder<Tables, 'users', Selectable<UsersTable>> {
  const direction = newestFirst ? 'desc' : 'asc';
  let query = db.selectFrom('users').selectAll();
  if (after !== undefined) {
    // A row-value comparison, which both databases answer with a range scan of
    // ix_users_created_at_id.
    query = query.where((eb) =>
      eb(
        eb.refTuple('created_at', 'id'),
        newestFirst ? '<' : '>',
        eb.tuple(codec.instant(after.createdAt), after.id),
      ),
    );
  }
  return query.orderBy('created_at', direction).orderBy('id', direction).limit(limit).offset(skip);
}

/** The `user_counts` column that answers `filter`, or null when only a real count can. */
function countsColumn(
  filter: UserCountFilter,
): 'total' | 'active' | 'verified' | 'superusers' | null {
  const { isActive, isVerified, isSuperuser } = filter;
  const set = [isActive, isVerified, isSuperuser].filter((value) => value !== undefined);
  if (set.length === 0) return 'total';
  if (set.length > 1) return null;
  if (isActive === true) return 'active';
  if (isVerified === true) return 'verified';
  if (isSuperuser === true) return 'superusers';
  return null;
}

export function createUsersRepo({ db, codec, clock }: SqlContext): UsersRepo {
  const now = (): string => codec.instant(clock.now());

  /** Every setter bumps `updated_at` to now (spec §3.1). */
  async function set(id: string, values: Partial<UsersTable>): Promise<number> {
    const result = await db
      .updateTable('users')
      .set({ ...values, updated_at: now() })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  return {
    async create(user: NewUser) {
      const at = now();
      try {
        const row = await db
          .insertInto('users')
          .values({
            id: newId(),
            email: user.email,
            hashed_password: user.hashedPassword,
            is_active: codec.bool(user.isActive ?? true),
            is_verified: codec.bool(user.isVerified ?? false),
            is_superuser: codec.bool(user.isSuperuser ?? false),
            full_name: user.fullName ?? null,
            phone_number: null,
            is_mfa_enabled: codec.bool(false),
            created_at: at,
            updated_at: at,
            last_login: null,
            tokens_invalidated_after: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toUserRecord(row);
      } catch (error) {
        throw duplicateEmail(error, user.email);
      }
    },

    async getById(id) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? null : toUserRecord(row);
    },

    async getByEmail(email) {
      const row = await selectUserByEmail(db, email).executeTakeFirst();
      return row === undefined ? null : toUserRecord(row);
    },

    async setLastLogin(id, when: Instant) {
      await set(id, { last_login: codec.instant(when) });
    },

    async setTokensInvalidatedAfter(id, when: Instant) {
      await set(id, { tokens_invalidated_after: codec.instant(when) });
    },

    async updatePassword(id, hashedPassword) {
      await set(id, { hashed_password: hashedPassword, tokens_invalidated_after: now() });
    },

    async rehashPassword(id, expected, hashedPassword) {
      const result = await db
        .updateTable('users')
        .set({ hashed_password: hashedPassword, updated_at: now() })
        .where('id', '=', id)
        .where('hashed_password', '=', expected)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async setActive(id, active) {
      await set(id, { is_active: codec.bool(active) });
    },

    async deactivate(id) {
      await set(id, { is_active: codec.bool(false), tokens_invalidated_after: now() });
    },

    async setSuperuser(id, superuser) {
      await set(id, { is_superuser: codec.bool(superuser) });
    },

    async setVerified(id, verified) {
      await set(id, { is_verified: codec.bool(verified) });
    },

    async setFullName(id, fullName) {
      await set(id, { full_name: fullName });
    },

    async setPhoneAndMfa(id, phoneNumber, mfaEnabled) {
      await set(id, { phone_number: phoneNumber, is_mfa_enabled: codec.bool(mfaEnabled) });
    },

    async updateEmailAndRevoke(id, email, issuedAt) {
      try {
        if (issuedAt === undefined)
          return (await set(id, { email, tokens_invalidated_after: now() })) > 0;
        const at = now();
        const result = await db
          .updateTable('users')
          .set({ email, tokens_invalidated_after: at, updated_at: at })
          .where('id', '=', id)
          .where((eb) =>
            eb.or([
              eb('tokens_invalidated_after', 'is', null),
              eb('tokens_invalidated_after', '<', codec.instant(issuedAt)),
            ]),
          )
          .executeTakeFirst();
        return Number(result.numUpdatedRows) > 0;
      } catch (error) {
        throw duplicateEmail(error, email);
      }
    },

    async delete(id) {
      const result = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async count(filter: UserCountFilter = {}) {
      const counter = countsColumn(filter);
      if (counter !== null) {
        // Kept by triggers (revision 0004): one row read instead of a scan of every user.
        const row = await db
          .selectFrom('user_counts')
          .select(counter)
          .where('id', '=', 1)
          .executeTakeFirst();
        if (row !== undefined) return readCount(row[counter]);
      }
      let query = db.selectFrom('users').select((eb) => eb.fn.countAll().as('n'));
      if (filter.isActive !== undefined) {
        query = query.where('is_active', '=', codec.bool(filter.isActive));
      }
      if (filter.isVerified !== undefined) {
        query = query.where('is_verified', '=', codec.bool(filter.isVerified));
      }
      if (filter.isSuperuser !== undefined) {
        query = query.where('is_superuser', '=', codec.bool(filter.isSuperuser));
      }
      const row = await query.executeTakeFirstOrThrow();
      return readCount(row.n);
    },

    async listPaged(options) {
      const rows = await selectUsersPage({ db, codec }, options).execute();
      return rows.map(toUserRecord);
    },
  };
}
