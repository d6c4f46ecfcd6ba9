import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../src/clock/fake-clock.js';
import { ConfigError, StorageUnavailableError } from '../../src/errors/errors.js';
import type { Storage } from '../../src/ports/storage.js';
import { openStorage } from '../../src/storage/open.js';
import { LATEST_MIGRATION, MIGRATION_NAMES } from '../../src/storage/sql/migrations/registry.js';
import { createSqlStorage } from '../../src/storage/sql/sql-storage.js';
import { createPgTestSchema, createTempDir } from '../support/db.js';

/* Opening storage from a database_url: backend choice, lazy connections, failures. */

const clock = createFakeClock();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function opened(storage: Storage): Promise<Storage> {
  cleanups.push(() => storage.close());
  return storage;
}

describe('openStorage()', () => {
  it('opens a relative SQLite path against cwd, creating the file on first use', async () => {
    const dir = await createTempDir();
    cleanups.push(dir.remove);
    const storage = await opened(
      await openStorage({ url: 'sqlite+aiosqlite:///./nested.db', clock, cwd: dir.path }),
    );
    expect(storage.kind).toBe('sqlite');
    await storage.migrate();
    const reopened = await opened(
      await openStorage({ url: `sqlite:///${join(dir.path, 'nested.db')}`, clock }),
    );
    expect(await reopened.schemaVersion()).toBe(LATEST_MIGRATION);
  });

  it('opens PostgreSQL for every URL spelling without connecting', async () => {
    for (const url of [
      'postgresql://u:p@127.0.0.1:1/x',
      'postgres://u:p@127.0.0.1:1/x',
      'postgresql+asyncpg://u:p@127.0.0.1:1/x',
      'postgres+asyncpg://u:p@127.0.0.1:1/x',
    ]) {
      const storage = await opened(await openStorage({ url, clock }));
      expect(storage.kind).toBe('postgres');
    }
  });

  it('rejects an unknown scheme with ConfigError and a masked password', async () => {
    await expect(openStorage({ url: 'mysql://root:s3cret@db/app', clock })).rejects.toThrow(
      new ConfigError(
        "Unrecognised database_url scheme: 'mysql://root:***@db/app'. " +
          'Expected one of: sqlite+aiosqlite://, postgresql+asyncpg://, mongodb://.',
      ),
    );
  });

  it('opens MongoDB for both URL spellings without connecting', async () => {
    for (const url of ['mongodb://u:s3cret@127.0.0.1:1/app', 'MongoDB://127.0.0.1:1/app']) {
      const storage = await opened(await openStorage({ url, clock }));
      expect(storage.kind).toBe('mongodb');
    }
  });
});

describe('storage failures', () => {
  it('an unreachable PostgreSQL rejects with StorageUnavailableError naming the masked URL', async () => {
    const storage = await opened(
      createSqlStorage({ url: 'postgresql://regstack:s3cret@127.0.0.1:1/test', clock }),
    );
    for (const attempt of [() => storage.ping(), () => storage.migrate()]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageUnavailableError);
      const message = error instanceof Error ? error.message : '';
      expect(message).toMatch(
        /^Cannot connect to PostgreSQL at postgresql:\/\/regstack:\*\*\*@127\.0\.0\.1:1\/test: .*ECONNREFUSED/,
      );
      expect(message).not.toContain('s3cret');
      expect(message).not.toContain('\n');
    }
  });

  it('a SQLite file in a missing directory rejects with StorageUnavailableError', async () => {
    const storage = await opened(
      createSqlStorage({ url: 'sqlite:////nonexistent-regstack-dir/x.db', clock }),
    );
    await expect(storage.ping()).rejects.toBeInstanceOf(StorageUnavailableError);
  });
});

describe("a host's own PostgreSQL pool", () => {
  it('is used with microsecond timestamps and left open on close()', async () => {
    const schema = await createPgTestSchema();
    cleanups.push(schema.drop);
    const pool = schema.pool();
    const fake = createFakeClock();
    fake.advanceMicros(654_321);
    const storage = createSqlStorage({ url: schema.url, clock: fake, pool });
    await storage.migrate();
    const user = await storage.users.create({ email: 'a@example.com', hashedPassword: 'h' });
    expect((await storage.users.getById(user.id))?.createdAt).toBe(fake.now());
    await storage.close();
    const { rows } = await pool.query('select count(*)::int as n from users');
    expect(rows).toEqual([{ n: 1 }]);
  });
});

describe('a SQLite file shared by two storages', () => {
  it('uses WAL and shows each storage the other one’s writes at once', async () => {
    const dir = await createTempDir();
    cleanups.push(dir.remove);
    const url = `sqlite:///${join(dir.path, 'shared.db')}`;
    const first = createSqlStorage({ url, clock });
    const second = createSqlStorage({ url, clock });
    cleanups.push(
      () => first.close(),
      () => second.close(),
    );
    await first.migrate();
    expect(await second.migrate()).toEqual({ applied: [], current: LATEST_MIGRATION });
    expect(await first.rawQuery('pragma journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    const user = await first.users.create({ email: 'a@example.com', hashedPassword: 'h' });
    await first.blacklist.revoke('jti', clock.now() + 60_000_000);
    expect(await second.sessions.load(user.id, 'jti')).toEqual({ user, revoked: true });
    expect(await second.pending.consumeByTokenHash('x')).toBeNull();
    expect(await second.blacklist.redeem('single-use', clock.now() + 1)).toBe(true);
    expect(await first.blacklist.redeem('single-use', clock.now() + 1)).toBe(false);
  });
});

describe('concurrent migrate() on one database', () => {
  async function twoStorages(url: string): Promise<[Storage, Storage]> {
    const first = createSqlStorage({ url, clock });
    const second = createSqlStorage({ url, clock });
    cleanups.push(
      () => first.close(),
      () => second.close(),
    );
    return [first, second];
  }

  async function migrateTogether([first, second]: [Storage, Storage]): Promise<void> {
    const reports = await Promise.all([first.migrate(), second.migrate(), first.migrate()]);
    expect(reports.flatMap((r) => r.applied).sort()).toEqual([...MIGRATION_NAMES]);
    expect(reports.map((r) => r.current)).toEqual([
      LATEST_MIGRATION,
      LATEST_MIGRATION,
      LATEST_MIGRATION,
    ]);
  }

  it('applies each revision once on a SQLite file opened twice in one process', async () => {
    const dir = await createTempDir();
    cleanups.push(dir.remove);
    await migrateTogether(await twoStorages(`sqlite:///${join(dir.path, 'race.db')}`));
  });

  it('applies each revision once on PostgreSQL', async () => {
    const schema = await createPgTestSchema();
    cleanups.push(schema.drop);
    await migrateTogether(await twoStorages(schema.url));
  });
});
