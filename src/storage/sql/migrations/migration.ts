import { type ColumnDataType, type Kysely, sql } from 'kysely';
import type { SqlDialectName } from '../instant-codec.js';

/*
 * What a migration needs to know about its dialect. Datetimes are `timestamptz` on
 * PostgreSQL and UTC text on SQLite (spec §10.2); integer ids are `serial` on PostgreSQL
 * and an `integer` primary key (SQLite's rowid alias, assigned automatically) on SQLite.
 */
export interface MigrationDialect {
  readonly name: SqlDialectName;
  readonly datetime: ColumnDataType;
  readonly autoId: ColumnDataType;
}

export function migrationDialect(name: SqlDialectName): MigrationDialect {
  return name === 'postgres'
    ? { name, datetime: 'timestamptz', autoId: 'serial' }
    : { name, datetime: 'text', autoId: 'integer' };
}

/**
 * One schema revision. Migrations are frozen once released: they build their tables with
 * their own DDL and touch data with plain SQL, never through the current table types.
 */
export interface SqlMigration {
  readonly description: string;
  up(db: Kysely<unknown>, dialect: MigrationDialect): Promise<void>;
}

/**
 * Keeps `alembic_version` at this revision, so a database shared with the Python library
 * reports where it stands (spec §10.3, TS-CONTRACT §11).
 */
export async function stampAlembicVersion(db: Kysely<unknown>, revision: string): Promise<void> {
  await sql`delete from alembic_version`.execute(db);
  await sql`insert into alembic_version (version_num) values (${revision})`.execute(db);
}

/**
 * SQLite cannot change a column's nullability in place, so the table is copied into a
 * replacement built by `create(name)`, dropped, and the replacement renamed (the same
 * "batch" rebuild Alembic performs). Runs inside the migration's transaction.
 */
export async function rebuildSqliteTable(
  db: Kysely<unknown>,
  table: string,
  create: (name: string) => Promise<void>,
): Promise<void> {
  const replacement = `_regstack_tmp_${table}`;
  const { rows } = await sql<{ name: string }>`
    select name from pragma_table_info(${table})`.execute(db);
  const columns = sql.join(rows.map((row) => sql.ref(row.name)));
  await create(replacement);
  await sql`insert into ${sql.table(replacement)} (${columns})
    select ${columns} from ${sql.table(table)}`.execute(db);
  await sql`drop table ${sql.table(table)}`.execute(db);
  await sql`alter table ${sql.table(replacement)} rename to ${sql.table(table)}`.execute(db);
}
