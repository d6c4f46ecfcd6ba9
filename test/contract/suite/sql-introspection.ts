import type { SqlStorage } from '../../../src/storage/sql/sql-storage.js';

/* Reads a SQL schema back through the storage's own connection (`:memory:` has no other). */

export type SqlKind = SqlStorage['kind'];

export interface ColumnInfo {
  readonly name: string;
  /** Lower-cased; PostgreSQL varchars are spelled `varchar(n)` like SQLite's declarations. */
  readonly type: string;
  readonly nullable: boolean;
}

function text(row: unknown, key: string): string {
  const value = typeof row === 'object' && row !== null ? Reflect.get(row, key) : undefined;
  return String(value);
}

async function names(
  storage: SqlStorage,
  query: string,
  parameters: unknown[] = [],
): Promise<string[]> {
  const rows = await storage.rawQuery(query, parameters);
  return rows.map((row) => text(row, 'name')).sort();
}

export function listTables(storage: SqlStorage): Promise<string[]> {
  const query: Record<SqlKind, string> = {
    sqlite: "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'",
    postgres:
      'select table_name as name from information_schema.tables where table_schema = current_schema()',
  };
  return names(storage, query[storage.kind]);
}

export async function listColumns(storage: SqlStorage, table: string): Promise<ColumnInfo[]> {
  const query: Record<SqlKind, string> = {
    sqlite:
      'select name, lower(type) as type, "notnull" = 0 as nullable from pragma_table_info(?) order by cid',
    postgres: `select column_name as name,
        case when data_type = 'character varying'
          then 'varchar(' || character_maximum_length || ')' else data_type end as type,
        is_nullable = 'YES' as nullable
      from information_schema.columns
      where table_schema = current_schema() and table_name = $1 order by ordinal_position`,
  };
  const rows = await storage.rawQuery(query[storage.kind], [table]);
  return rows.map((row) => ({
    name: text(row, 'name'),
    type: text(row, 'type'),
    nullable: text(row, 'nullable') === 'true' || text(row, 'nullable') === '1',
  }));
}

/** Named table constraints (primary keys, uniques, checks), without the migrator's own. */
export async function listConstraints(storage: SqlStorage): Promise<string[]> {
  if (storage.kind === 'postgres') {
    return names(
      storage,
      `select conname as name from pg_constraint
        where connamespace = current_schema()::regnamespace and contype in ('p', 'u', 'c')
          and conname not like 'regstack_migration%'`,
    );
  }
  const rows = await storage.rawQuery("select sql from sqlite_master where type = 'table'");
  const found = rows.flatMap((row) =>
    [...text(row, 'sql').matchAll(/constraint\s+"?([A-Za-z0-9_]+)"?/gi)].map((m) => m[1] ?? ''),
  );
  return found.sort();
}

/** Indexes created on their own (not the ones backing a constraint). */
export function listIndexes(storage: SqlStorage): Promise<string[]> {
  const query: Record<SqlKind, string> = {
    sqlite: "select name from sqlite_master where type = 'index' and sql is not null",
    postgres: `select indexname as name from pg_indexes where schemaname = current_schema()
      and indexname not in (select conname from pg_constraint
        where connamespace = current_schema()::regnamespace)`,
  };
  return names(storage, query[storage.kind]);
}

export async function indexColumns(storage: SqlStorage, index: string): Promise<string[]> {
  const query: Record<SqlKind, string> = {
    sqlite: 'select name from pragma_index_info(?) order by seqno',
    postgres: `select a.attname as name from pg_index i
        join pg_class c on c.oid = i.indexrelid
        join unnest(i.indkey) with ordinality as k(attnum, position) on true
        join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
      where c.relname = $1 and c.relnamespace = current_schema()::regnamespace
      order by k.position`,
  };
  const rows = await storage.rawQuery(query[storage.kind], [index]);
  return rows.map((row) => text(row, 'name'));
}

export async function alembicVersion(storage: SqlStorage): Promise<string[]> {
  return names(storage, 'select version_num as name from alembic_version');
}

/** A `?` or `$n` placeholder for this dialect. */
export function placeholder(kind: SqlKind, position: number): string {
  return kind === 'sqlite' ? '?' : `$${position}`;
}
