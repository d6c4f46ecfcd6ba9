import { join } from 'node:path';
import { createFakeClock } from '../../src/clock/fake-clock.js';
import { createMongoStorage, type MongoStorage } from '../../src/storage/mongo/mongo-storage.js';
import { createSqlStorage, type SqlStorage } from '../../src/storage/sql/sql-storage.js';
import type { ContractSubject } from '../contract/suite/subject.js';
import { createPgTestSchema, createTempDir } from './db.js';
import { createMongoTestDatabase, type MongoTarget } from './mongo-db.js';

/* Fresh, unmigrated storages on empty databases, one per call, for the contract suite. */

export async function sqliteFileSubject(): Promise<ContractSubject<SqlStorage>> {
  const dir = await createTempDir('regstack-contract-');
  const clock = createFakeClock();
  const storage = createSqlStorage({ url: `sqlite:///${join(dir.path, 'contract.db')}`, clock });
  return {
    storage,
    clock,
    async cleanup() {
      await storage.close();
      await dir.remove();
    },
  };
}

export async function sqliteMemorySubject(): Promise<ContractSubject<SqlStorage>> {
  const clock = createFakeClock();
  const storage = createSqlStorage({ url: 'sqlite:///:memory:', clock });
  return { storage, clock, cleanup: () => storage.close() };
}

export async function postgresSubject(): Promise<ContractSubject<SqlStorage>> {
  const schema = await createPgTestSchema();
  const clock = createFakeClock();
  const storage = createSqlStorage({ url: schema.url, clock });
  return {
    storage,
    clock,
    async cleanup() {
      await storage.close();
      await schema.drop();
    },
  };
}

export function mongoSubject(
  target: MongoTarget = 'jongodb',
): () => Promise<ContractSubject<MongoStorage>> {
  return async () => {
    const database = createMongoTestDatabase(target);
    const clock = createFakeClock();
    const storage = await createMongoStorage({ url: database.url, clock });
    return {
      storage,
      clock,
      async cleanup() {
        await storage.close();
        await database.drop();
      },
    };
  };
}
