import { randomBytes } from 'node:crypto';
import pg from 'pg';

/*
 * vitest global setup: names this run (workers inherit the variable) and, once every test
 * file has finished, drops the PostgreSQL schemas the run created.
 */

const PG_URL =
  process.env.REGSTACK_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

export function setup(): () => Promise<void> {
  const run = randomBytes(4).toString('hex');
  process.env.REGSTACK_TEST_RUN = run;
  return async () => {
    const client = new pg.Client({ connectionString: PG_URL });
    try {
      await client.connect();
    } catch {
      return;
    }
    try {
      const { rows } = await client.query<{ nspname: string }>(
        'select nspname from pg_namespace where nspname like $1',
        [`rs\\_test\\_${run}\\_%`],
      );
      for (const { nspname } of rows) {
        await client.query(`drop schema if exists "${nspname}" cascade`);
      }
    } finally {
      await client.end();
    }
  };
}
