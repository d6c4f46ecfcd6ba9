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

export interface PgTestSchema {
  readonly schema: string;
  /** `PG_TEST_URL` pinned to the schema through `options=-c search_path=…`. */
  readonly url: string;
  /** A pool pinned to the schema (for tests that pass the host's own pool). */
  pool(): pg.Pool;
  /** Drops the schema and everything in it, and ends the pool if one was made. */
  drop(): Promise<void>;
}

function withSearchPath(url: string, schema: string): string {
  const separator = url.includes('?') ? '&' : '?';
  return `${url}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

export async function createPgTestSchema(): Promise<PgTestSchema> {
  const schema = `rs_test_${randomBytes(6).toString('hex')}`;
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
      const client = new pg.Client({ connectionString: PG_TEST_URL });
      await client.connect();
      try {
        await client.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await client.end();
      }
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
