import {
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type Kysely,
  PostgresDialect,
  type PostgresPool,
  type SchemaMetadata,
  sql,
  type TableMetadata,
} from 'kysely';

/*
 * Kysely's PostgreSQL introspector reads every column of every table in every schema and
 * calls pg_get_serial_sequence() on each, which locks each table and fails with SQLSTATE
 * 3F000 when another session drops a schema meanwhile. The migrator only asks whether its
 * bookkeeping tables exist, so this introspector looks at the current schema alone.
 */

class CurrentSchemaIntrospector implements DatabaseIntrospector {
  readonly #db: Kysely<unknown>;

  constructor(db: Kysely<unknown>) {
    this.#db = db;
  }

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<SchemaMetadata>`
      select current_schema() as name`.execute(this.#db);
    return rows.filter((row) => row.name !== null);
  }

  async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<{ name: string; schema: string; type: string }>`
      select table_name as name, table_schema as schema, table_type as type
      from information_schema.tables where table_schema = current_schema()`.execute(this.#db);
    return rows.map(({ name, schema, type }) => ({
      name,
      schema,
      isView: type === 'VIEW',
      columns: [],
    }));
  }

  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() };
  }
}

class RegstackPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db);
  }
}

/** Kysely's PostgreSQL dialect over a pool made on first use, with a current-schema introspector. */
export function createPgDialect(pool: () => Promise<PostgresPool>): PostgresDialect {
  return new RegstackPostgresDialect({ pool });
}
