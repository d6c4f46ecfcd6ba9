// @ts-check
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server the PostgreSQL run uses: the one the test suites use, unless told otherwise. */
export const POSTGRES_URL =
  process.env.REGSTACK_BENCH_POSTGRES_URL ??
  process.env.REGSTACK_TEST_POSTGRES_URL ??
  'postgresql://postgres@127.0.0.1:5432/test';

/**
 * A fresh, uniquely named schema, and the URL that pins a server to it.
 * @returns {Promise<{ url: string, drop: () => Promise<void> }>}
 */
export async function createBenchSchema() {
  const schema = `rs_bench_${randomBytes(6).toString('hex')}`;
  await withClient((client) => client.query(`create schema ${schema}`));
  const separator = POSTGRES_URL.includes('?') ? '&' : '?';
  return {
    url: `${POSTGRES_URL}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    drop: () => withClient((client) => client.query(`drop schema if exists ${schema} cascade`)),
  };
}

/**
 * @param {(client: pg.Client) => Promise<unknown>} work
 * @returns {Promise<void>}
 */
async function withClient(work) {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
