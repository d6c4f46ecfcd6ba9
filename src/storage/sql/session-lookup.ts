import { CompiledQuery } from 'kysely';
import type { SessionLookup, SessionLookupResult } from '../../ports/storage.js';
import { readBool } from './read-column.js';
import type { SqlContext } from './sql-context.js';
import type { SqliteHandle, SqliteStatement } from './sqlite-connection.js';
import { toUserRecord, type UserRow } from './user-repo.js';

/*
 * The authenticated-request hot path (DESIGN §6): one statement returns the user and
 * whether the token's jti is revoked. The one-row `probe` source keeps a row even when
 * the user is gone, so the revocation flag is always reported and checked first.
 * The SQL text is built once; SQLite keeps one prepared statement for it and runs it on the
 * raw handle, skipping Kysely's per-query prepare and connection mutex: better-sqlite3 is
 * synchronous, so the read cannot interleave with another statement (only with an open
 * migration transaction, which runs before the app serves).
 */

type Placeholder = (position: number) => string;

/** Exported for the query-plan test: parameters are (jti, now, user id). */
export function sessionSql(placeholder: Placeholder): string {
  return (
    'select users.*, exists(select 1 from token_blacklist' +
    ` where jti = ${placeholder(1)} and exp > ${placeholder(2)}) as revoked` +
    ' from (select 1 as one) as probe' +
    ` left join users on users.id = ${placeholder(3)}`
  );
}

type SessionRow = UserRow & { readonly revoked: unknown };

function isSessionRow(row: unknown): row is SessionRow {
  return typeof row === 'object' && row !== null && 'revoked' in row && 'id' in row;
}

function toResult(row: unknown): SessionLookupResult {
  if (!isSessionRow(row)) throw new TypeError('The session lookup returned no row.');
  return {
    user: row.id === null ? null : toUserRecord(row),
    revoked: readBool(row.revoked),
  };
}

export function createSqliteSessionLookup(
  { codec, clock }: SqlContext,
  handle: () => Promise<SqliteHandle>,
): SessionLookup {
  const text = sessionSql(() => '?');
  let statement: SqliteStatement<[string, string, string]> | undefined;
  return {
    async load(userId, jti) {
      // Prepared on first use: the tables exist only after `migrate()`.
      statement ??= (await handle()).prepare<[string, string, string]>(text);
      return toResult(statement.get(jti, codec.instant(clock.now()), userId));
    },
  };
}

export function createPgSessionLookup({ db, codec, clock }: SqlContext): SessionLookup {
  const text = sessionSql((position) => `$${position}`);
  return {
    async load(userId, jti) {
      const query = CompiledQuery.raw(text, [jti, codec.instant(clock.now()), userId]);
      const { rows } = await db.executeQuery(query);
      return toResult(rows[0]);
    },
  };
}
