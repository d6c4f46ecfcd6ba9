import { type Kysely, type Migration, type MigrationResultSet, Migrator, sql } from 'kysely';
import { ConfigError, SchemaError, StorageUnavailableError } from '../../errors/errors.js';
import type { MigrationReport } from '../../ports/storage.js';
import { describeError } from './describe-error.js';
import type { SqlDialectName } from './instant-codec.js';
import { migrationDialect } from './migrations/migration.js';
import { LATEST_MIGRATION, MIGRATION_NAMES, SQL_MIGRATIONS } from './migrations/registry.js';
import type { Tables } from './tables.js';

/*
 * Runs the migrations of `migrations/registry.ts` with Kysely's Migrator, one revision per
 * transaction (a failure leaves the previous revision in place) under Kysely's lock, so
 * instances that start together do not race. Its bookkeeping tables are named for
 * regstack so they never collide with a host's own Kysely migrations in the same database.
 * A database the Python library created (an `alembic_version` row, no bookkeeping) is
 * adopted: its revisions are recorded as done and only the later ones run.
 */

const MIGRATION_TABLE = 'regstack_migration';
const MIGRATION_LOCK_TABLE = 'regstack_migration_lock';

export interface SqlMigratorOptions {
  readonly db: Kysely<Tables>;
  readonly dialect: SqlDialectName;
  /** The database URL with its password masked, for messages. */
  readonly display: string;
}

async function tableExists(options: SqlMigratorOptions, table: string): Promise<boolean> {
  const { db, dialect } = options;
  const query =
    dialect === 'postgres'
      ? sql<{ found: unknown }>`select to_regclass(${table}) is not null as found`
      : sql<{ found: unknown }>`select count(*) as found from sqlite_master
          where type = 'table' and name = ${table}`;
  const { rows } = await query.execute(db);
  const found = rows[0]?.found;
  return found === true || found === 1;
}

async function executedMigrations(options: SqlMigratorOptions): Promise<string[]> {
  if (!(await tableExists(options, MIGRATION_TABLE))) return [];
  const { rows } = await sql<{ name: string }>`
    select name from ${sql.table(MIGRATION_TABLE)} order by name`.execute(options.db);
  return rows.map((row) => row.name);
}

async function alembicVersion(options: SqlMigratorOptions): Promise<string | null> {
  if (!(await tableExists(options, 'alembic_version'))) return null;
  const { rows } = await sql<{ version_num: string }>`
    select version_num from alembic_version`.execute(options.db);
  return rows[0]?.version_num ?? null;
}

/** The schema revision, or null for an empty database. */
export async function readSchemaVersion(options: SqlMigratorOptions): Promise<string | null> {
  return (await executedMigrations(options)).at(-1) ?? (await alembicVersion(options));
}

function rejectNewer(versions: readonly (string | null)[]): void {
  const unknown = versions.filter((v): v is string => v !== null && !MIGRATION_NAMES.includes(v));
  const newest = unknown.sort().at(-1);
  if (newest !== undefined) {
    throw new SchemaError(
      `Database schema version ${newest} is newer than this regstack ` +
        `(latest ${LATEST_MIGRATION}); upgrade regstack.`,
    );
  }
}

/** Records the revisions the Python library already applied, so Kysely skips them. */
async function adoptAlembicDatabase(options: SqlMigratorOptions, version: string): Promise<void> {
  const { db } = options;
  await sql`create table if not exists ${sql.table(MIGRATION_TABLE)} (
    name varchar(255) not null primary key, timestamp varchar(255) not null)`.execute(db);
  const adoptedAt = new Date().toISOString();
  for (const name of MIGRATION_NAMES.filter((n) => n <= version)) {
    await sql`insert into ${sql.table(MIGRATION_TABLE)} (name, timestamp)
      values (${name}, ${adoptedAt}) on conflict (name) do nothing`.execute(db);
  }
}

async function createMigrator(options: SqlMigratorOptions): Promise<Migrator> {
  const d = migrationDialect(options.dialect);
  const migrations: Record<string, Migration> = {};
  for (const name of MIGRATION_NAMES) {
    const migration = SQL_MIGRATIONS[name];
    if (migration !== undefined) {
      migrations[name] = { up: (db: Kysely<unknown>) => migration.up(db, d) };
    }
  }
  let schema: string | undefined;
  if (options.dialect === 'postgres') {
    // Kysely looks for its table in every schema unless told which one: pin it to the
    // schema this connection uses, so databases with several regstack schemas work.
    const { rows } = await sql<{ schema: string | null }>`
      select current_schema() as schema`.execute(options.db);
    schema = rows[0]?.schema ?? undefined;
    if (schema === undefined) {
      throw new SchemaError(
        `PostgreSQL at ${options.display} has no current schema; check its search_path.`,
      );
    }
  }
  return new Migrator({
    db: options.db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    migrationTableSchema: schema,
  });
}

function failure(result: MigrationResultSet, display: string): Error {
  const { error } = result;
  if (error instanceof SchemaError || error instanceof StorageUnavailableError) return error;
  if (error instanceof Error && Reflect.get(error, 'code') === 'SQLITE_BUSY') {
    return new StorageUnavailableError(
      `The database ${display} stayed locked by another process; try again.`,
      { cause: error },
    );
  }
  const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
  const what = failed === undefined ? 'Migrating the database' : `Migration ${failed}`;
  return new SchemaError(`${what} failed: ${describeError(error)}`, { cause: error });
}

function resolveTarget(target: string | undefined): string {
  if (target === undefined) return LATEST_MIGRATION;
  if (MIGRATION_NAMES.includes(target)) return target;
  throw new ConfigError(
    `Unknown schema version '${target}'. Known versions: ${MIGRATION_NAMES.join(', ')}.`,
  );
}

/** Brings the schema to `target` (default: the latest revision); idempotent. */
export async function migrateSql(
  options: SqlMigratorOptions,
  target?: string | undefined,
): Promise<MigrationReport> {
  const goal = resolveTarget(target);
  const executed = await executedMigrations(options);
  const alembic = await alembicVersion(options);
  rejectNewer([...executed, alembic]);
  if (executed.length === 0 && alembic !== null) await adoptAlembicDatabase(options, alembic);

  const current = await readSchemaVersion(options);
  if (current !== null && current > goal) {
    throw new SchemaError(
      `Database schema version ${current} is past ${goal}; regstack does not migrate down.`,
    );
  }
  const migrator = await createMigrator(options);
  const applied: string[] = [];
  // One revision per call, so each runs in its own transaction.
  for (const name of MIGRATION_NAMES.filter(
    (n) => n <= goal && (current === null || n > current),
  )) {
    const result = await migrator.migrateTo(name);
    for (const step of result.results ?? []) {
      if (step.status === 'Success') applied.push(step.migrationName);
    }
    if (result.error !== undefined) throw failure(result, options.display);
  }
  return { applied, current: await readSchemaVersion(options) };
}
