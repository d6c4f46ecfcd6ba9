import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  POSTGRES_CODEC,
  SQLITE_CODEC,
  type SqlCodec,
} from '../../src/storage/sql/instant-codec.js';
import { sessionSql } from '../../src/storage/sql/session-lookup.js';
import type { SqlStorage } from '../../src/storage/sql/sql-storage.js';
import type { Tables } from '../../src/storage/sql/tables.js';
import { selectUserByEmail, selectUsersPage } from '../../src/storage/sql/user-repo.js';
import { postgresSubject, sqliteFileSubject } from '../support/storage-subjects.js';
import type { ContractSubject } from './suite/subject.js';

/*
 * The hot statements must be answered from an index, whatever the table's size: the
 * session lookup of every authenticated request, the sign-in's email lookup and the admin
 * listing's page (first and keyset). EXPLAIN on the real databases, with the statements the
 * repositories send.
 */

type Kind = 'sqlite' | 'postgres';

/** Compiles the repositories' Kysely queries without a connection. */
function compiler(kind: Kind): Kysely<Tables> {
  return new Kysely<Tables>({
    dialect:
      kind === 'sqlite'
        ? {
            createAdapter: () => new SqliteAdapter(),
            createDriver: () => new DummyDriver(),
            createIntrospector: (db) => new SqliteIntrospector(db),
            createQueryCompiler: () => new SqliteQueryCompiler(),
          }
        : {
            createAdapter: () => new PostgresAdapter(),
            createDriver: () => new DummyDriver(),
            createIntrospector: (db) => new PostgresIntrospector(db),
            createQueryCompiler: () => new PostgresQueryCompiler(),
          },
  });
}

const USERS = 20_000;

/** Enough rows that PostgreSQL's planner would rather scan than use a missing index. */
async function seed(storage: SqlStorage, kind: Kind): Promise<void> {
  if (kind === 'postgres') {
    await storage.rawQuery(`insert into users (id, email, hashed_password, is_active, is_verified,
        is_superuser, is_mfa_enabled, created_at, updated_at)
      select md5(i::text), 'user' || i || '@example.com', 'h', true, true, false, false,
        timestamptz '2025-01-01' + i * interval '1 second', timestamptz '2025-01-01'
      from generate_series(1, ${USERS}) as i`);
    await storage.rawQuery(`insert into token_blacklist (jti, exp)
      select md5('jti' || i), timestamptz '2030-01-01' from generate_series(1, ${USERS}) as i`);
    await storage.rawQuery('analyze');
  } else {
    await storage.rawQuery(`insert into users (id, email, hashed_password, is_active, is_verified,
        is_superuser, is_mfa_enabled, created_at, updated_at)
      with recursive n(i) as (select 1 union all select i + 1 from n where i < ${USERS})
      select printf('%032x', i), 'user' || i || '@example.com', 'h', 1, 1, 0, 0,
        printf('2025-01-01 00:00:00.%06d', i), '2025-01-01 00:00:00.000000' from n`);
    await storage.rawQuery('analyze');
  }
}

/** The plan as one string: SQLite's detail lines, or PostgreSQL's JSON plan. */
async function plan(
  storage: SqlStorage,
  kind: Kind,
  statement: string,
  parameters: readonly unknown[],
): Promise<string> {
  if (kind === 'sqlite') {
    const rows = await storage.rawQuery(`explain query plan ${statement}`, parameters);
    return rows.map((row) => String((row as { detail: unknown }).detail)).join('\n');
  }
  const rows = await storage.rawQuery(`explain (format json) ${statement}`, parameters);
  return JSON.stringify(rows);
}

function planTests(kind: Kind, factory: () => Promise<ContractSubject<SqlStorage>>): void {
  describe(`query plans on ${kind}`, () => {
    let subject: ContractSubject<SqlStorage>;
    const codec: SqlCodec = kind === 'sqlite' ? SQLITE_CODEC : POSTGRES_CODEC;
    const db = compiler(kind);
    const placeholder = (position: number): string => (kind === 'sqlite' ? '?' : `$${position}`);

    beforeAll(async () => {
      subject = await factory();
      await subject.storage.migrate();
      await seed(subject.storage, kind);
    }, 60_000);
    afterAll(async () => {
      await subject.cleanup();
    });

    it('the session lookup reads the user by primary key and the blacklist by jti', async () => {
      const text = await plan(subject.storage, kind, sessionSql(placeholder), [
        'some-jti',
        codec.instant(Date.UTC(2026, 0, 1) * 1000),
        '0'.repeat(32),
      ]);
      if (kind === 'sqlite') {
        expect(text).toMatch(/SEARCH users USING INDEX sqlite_autoindex_users_\d|PRIMARY KEY/);
        expect(text).toMatch(
          /SEARCH token_blacklist USING (COVERING )?INDEX sqlite_autoindex_token_blacklist_\d/,
        );
        expect(text).not.toMatch(/SCAN (users|token_blacklist)\b/);
      } else {
        expect(text).toContain('"Index Name":"pk_users"');
        expect(text).toContain('"Index Name":"jti_unique"');
        expect(text).not.toContain('"Node Type":"Seq Scan"');
      }
    });

    it('the email lookup uses the unique email index', async () => {
      const query = selectUserByEmail(db, 'user77@example.com').compile();
      const text = await plan(subject.storage, kind, query.sql, query.parameters);
      if (kind === 'sqlite') {
        expect(text).toMatch(/SEARCH users USING INDEX sqlite_autoindex_users_\d \(email=\?\)/);
      } else {
        expect(text).toContain('"Index Name":"email_unique"');
        expect(text).not.toContain('"Node Type":"Seq Scan"');
      }
    });

    it('the admin listing, first page and keyset page, walks ix_users_created_at_id without sorting', async () => {
      const first = selectUsersPage({ db, codec }, { skip: 0, limit: 50 }).compile();
      const after = selectUsersPage(
        { db, codec },
        {
          skip: 0,
          limit: 50,
          after: { createdAt: Date.UTC(2025, 0, 1) * 1000 + 5_000, id: 'f'.repeat(32) },
        },
      ).compile();
      for (const query of [first, after]) {
        const text = await plan(subject.storage, kind, query.sql, query.parameters);
        if (kind === 'sqlite') {
          expect(text).toMatch(/(SCAN|SEARCH) users USING INDEX ix_users_created_at_id/);
          expect(text).not.toContain('TEMP B-TREE');
        } else {
          expect(text).toContain('"Index Name":"ix_users_created_at_id"');
          expect(text).not.toContain('"Node Type":"Sort"');
          expect(text).not.toContain('"Node Type":"Seq Scan"');
        }
      }
    });
  });
}

planTests('sqlite', sqliteFileSubject);
planTests('postgres', postgresSubject);
