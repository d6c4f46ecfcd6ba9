import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/*
 * Database helpers for system tests: a unique PostgreSQL schema per call in the local
 * `test` database, and a temporary directory for SQLite files.
 */

/** The server and database the PostgreSQL tests use (override for CI elsewhere). */
export const PG_TEST_URL: string =
  process.env.REGSTACK_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

/** Schemas of this test run share a prefix, so the run's teardown can drop exactly them. */
export const PG_TEST_SCHEMA_PREFIX: string = `rs_test_${process.env.REGSTACK_TEST_RUN ?? 'adhoc'}_`;

export interface PgTestSchema {
  readonly schema: string;
  /** `PG_TEST_URL` pinned to the schema through `options=-c search_path=…`. */
  readonly url: string;
  /** A pool pinned to the schema (for tests that pass the host's own pool). */
  pool(): pg.Pool;
  /**
   * Ends the pool if one was made. The schema itself is dropped when the test run ends
   * (`test/support/pg-teardown.ts`): Kysely's migrator lists the tables of every schema,
   * and a schema dropped in the middle of that listing fails another test's migration.
   */
  drop(): Promise<void>;
}

function withSearchPath(url: string, schema: string): string {
  const separator = url.includes('?') ? '&' : '?';
  // Parallel workers of PostgreSQL 15 fail to resolve a search_path schema given in the
  // startup options ("schema … does not exist" in a parallel worker) once the catalogue
  // is large, as it gets with many test schemas; test connections therefore stay serial.
  const options = `-c search_path=${schema} -c max_parallel_workers_per_gather=0`;
  return `${url}${separator}options=${encodeURIComponent(options)}`;
}

export async function createPgTestSchema(): Promise<PgTestSchema> {
  const schema = `${PG_TEST_SCHEMA_PREFIX}${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_TEST_URL });
  await admin.connect();
  try {
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
  const url = withSearchPath(PG_TEST_URL, schema);
  let pool: pg.Pool | undefined;
  return {
    schema,
    url,
    pool() {
      pool ??= new pg.Pool({ connectionString: url });
      return pool;
    },
    async drop() {
      await pool?.end();
      pool = undefined;
    },
  };
}

export interface TempDir {
  readonly path: string;
  remove(): Promise<void>;
}

export async function createTempDir(prefix = 'regstack-test-'): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
