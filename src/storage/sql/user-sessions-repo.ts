import type { UserSessionRecord } from '../../model/records.js';
import type { UserSessionsRepo } from '../../ports/storage.js';
import { readInstant } from './instant-codec.js';
import { readNullableText, readText } from './read-column.js';
import { newId, type SqlContext } from './sql-context.js';
import type { UserSessionsTable } from './tables.js';

type SessionRow = { readonly [K in keyof UserSessionsTable]: unknown };

function toSessionRecord(row: SessionRow): UserSessionRecord {
  return {
    id: readText(row.id),
    userId: readText(row.user_id),
    jti: readText(row.jti),
    createdAt: readInstant(row.created_at),
    expiresAt: readInstant(row.expires_at),
    userAgent: readNullableText(row.user_agent),
    ip: readNullableText(row.ip),
    method: readText(row.method),
  };
}

export function createUserSessionsRepo({ db, codec, clock }: SqlContext): UserSessionsRepo {
  return {
    async create(session) {
      const row = await db
        .insertInto('user_sessions')
        .values({
          id: newId(),
          user_id: session.userId,
          jti: session.jti,
          created_at: codec.instant(session.createdAt),
          expires_at: codec.instant(session.expiresAt),
          user_agent: session.userAgent,
          ip: session.ip,
          method: session.method,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toSessionRecord(row);
    },

    async listLive(userId, notBefore) {
      let query = db
        .selectFrom('user_sessions')
        .selectAll()
        .where('user_id', '=', userId)
        .where('expires_at', '>', codec.instant(clock.now()));
      if (notBefore !== null) query = query.where('created_at', '>', codec.instant(notBefore));
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'asc').execute();
      return rows.map(toSessionRecord);
    },

    async get(userId, id) {
      const row = await db
        .selectFrom('user_sessions')
        .selectAll()
        .where('user_id', '=', userId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? null : toSessionRecord(row);
    },

    async delete(userId, id) {
      const result = await db
        .deleteFrom('user_sessions')
        .where('user_id', '=', userId)
        .where('id', '=', id)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async deleteByJti(jti) {
      const result = await db.deleteFrom('user_sessions').where('jti', '=', jti).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async deleteByUserId(userId) {
      const result = await db
        .deleteFrom('user_sessions')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async purgeExpired() {
      const result = await db
        .deleteFrom('user_sessions')
        .where('expires_at', '<', codec.instant(clock.now()))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
