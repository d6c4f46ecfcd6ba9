import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgTestSchema } from './db.js';
import { createMongoTestDatabase } from './mongo-db.js';
import type { TestBackend } from './test-regstack.js';

/**
 * A fresh, empty database on `backend` for one test instance; `cleanups` receives what
 * removes it afterwards.
 */
export async function createTestDatabaseUrl(
  backend: TestBackend,
  cleanups: Array<() => Promise<void> | void>,
): Promise<string> {
  if (backend === 'postgres') {
    const schema = await createPgTestSchema();
    cleanups.push(() => schema.drop());
    return schema.url;
  }
  if (backend === 'mongo' || backend === 'mongo-server') {
    const database = createMongoTestDatabase(backend === 'mongo' ? 'jongodb' : 'server');
    cleanups.push(() => database.drop());
    return database.url;
  }
  const dir = mkdtempSync(join(tmpdir(), 'regstack-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return `sqlite:///${join(dir, 'test.db')}`;
}
