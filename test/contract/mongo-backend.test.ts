import { MongoClient } from 'mongodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../src/clock/fake-clock.js';
import { configFromOverrides } from '../../src/config/load.js';
import { ConfigError, StorageUnavailableError } from '../../src/errors/errors.js';
import { createSilentLogger } from '../../src/logging/json-logger.js';
import { createRegstack } from '../../src/regstack.js';
import { PENDING_GRACE_SECONDS } from '../../src/storage/mongo/index-specs.js';
import { createMongoStorage, type MongoStorage } from '../../src/storage/mongo/mongo-storage.js';
import {
  createMongoTestDatabase,
  MONGO_TARGETS,
  type MongoTestDatabase,
} from '../support/mongo-db.js';
import { testConfigOverrides } from '../support/test-regstack.js';

/* What only the MongoDB backend has: URLs, collection names, stored shapes, indexes, failures. */

const UNREACHABLE = 'mongodb://app:s3cret@127.0.0.1:1/app?serverSelectionTimeoutMS=300';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('MongoDB URLs', () => {
  const clock = createFakeClock();

  async function open(url: string, database?: string): Promise<MongoStorage> {
    const storage = await createMongoStorage({ url, clock, database });
    cleanups.push(() => storage.close());
    return storage;
  }

  it('the database is the URL path, else mongodb_database', async () => {
    expect((await open('mongodb://127.0.0.1:1/from-url?appName=x', 'other')).databaseName).toBe(
      'from-url',
    );
    expect((await open('mongodb://127.0.0.1:1', 'fallback')).databaseName).toBe('fallback');
    expect((await open('mongodb://127.0.0.1:1/?directConnection=true', 'fb')).databaseName).toBe(
      'fb',
    );
  });

  it('no database anywhere is a ConfigError asking for one (spec §2.7)', async () => {
    await expect(open('mongodb://127.0.0.1:1', '')).rejects.toThrow(
      new ConfigError(
        "MongoDB database_url 'mongodb://127.0.0.1:1' names no database: use " +
          'mongodb://host:port/dbname or set mongodb_database.',
      ),
    );
  });

  it('a malformed URL is one ConfigError line with the password masked', async () => {
    const error = await open('mongodb://app:s3cret@127.0.0.1:notaport/app').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    const message = error instanceof Error ? error.message : '';
    expect(message).toMatch(/^Invalid MongoDB database_url 'mongodb:\/\/app:\*\*\*@/);
    expect(message).not.toContain('s3cret');
    expect(message).not.toContain('\n');
  });

  it('an unreachable server rejects with StorageUnavailableError naming the masked URL', async () => {
    const storage = await open(UNREACHABLE);
    for (const attempt of [
      () => storage.ping(),
      () => storage.migrate(),
      () => storage.users.getByEmail('a@example.com'),
      () => storage.sessions.load('a'.repeat(24), 'jti'),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageUnavailableError);
      const message = error instanceof Error ? error.message : '';
      expect(message).toMatch(
        /^Cannot reach MongoDB at mongodb:\/\/app:\*\*\*@127\.0\.0\.1:1\/app/,
      );
      expect(message).not.toContain('s3cret');
    }
  });

  it('a request while the server is unreachable answers 503, not 500', async () => {
    const rs = await createRegstack({
      config: configFromOverrides(testConfigOverrides({ database_url: UNREACHABLE })),
      logger: createSilentLogger(),
    });
    cleanups.push(() => rs.close());
    const response = await rs.fetch(
      new Request('http://localhost:8000/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'a@example.com', password: 'hunter2hunter2' }),
      }),
    );
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      detail: 'The database is unavailable. Try again shortly.',
    });
  });
});

describe.each(MONGO_TARGETS)('the MongoDB backend on %s', (target) => {
  let database: MongoTestDatabase;
  let client: MongoClient;
  beforeAll(async () => {
    database = createMongoTestDatabase(target);
    client = new MongoClient(database.url);
  });
  afterAll(async () => {
    await client.close();
    await database.drop();
  });

  const clock = createFakeClock();
  async function open(options: { users?: string; window?: number; prefix: string }) {
    const storage = await createMongoStorage({
      url: database.url,
      clock,
      collections: {
        users: options.users ?? `${options.prefix}_users`,
        pending: `${options.prefix}_pending`,
        blacklist: `${options.prefix}_blacklist`,
        attempts: `${options.prefix}_attempts`,
        mfaCodes: `${options.prefix}_mfa`,
        oauthIdentities: `${options.prefix}_identities`,
        oauthStates: `${options.prefix}_states`,
      },
      lockoutWindowSeconds: options.window,
    });
    cleanups.push(() => storage.close());
    return storage;
  }
  const raw = (name: string) => client.db(database.name).collection(name);

  it('uses the configured collection names and stores each instant as a date plus microseconds', async () => {
    const storage = await open({ prefix: 'named', users: 'accounts' });
    await storage.migrate();
    clock.advanceMicros(123_457);
    const user = await storage.users.create({ email: 'a@example.com', hashedPassword: null });
    const doc = await raw('accounts').findOne({ email: 'a@example.com' });
    expect(doc?._id.toHexString()).toBe(user.id);
    expect(doc?.created_at).toEqual(new Date(Math.floor(clock.now() / 1000)));
    expect(doc?.created_at_us).toBe(clock.now());
    // Null-valued fields are omitted (spec §10.4).
    expect(doc).not.toHaveProperty('hashed_password');
    expect(doc).not.toHaveProperty('last_login');
  });

  it('migrate() creates the spec indexes once and reports nothing the second time', async () => {
    const storage = await open({ prefix: 'idx', window: 600 });
    expect(await storage.missingIndexes()).toHaveLength(14);
    expect(await storage.schemaVersion()).toBeNull();
    const first = await storage.migrate();
    expect(first.applied).toHaveLength(14);
    expect(first.applied).toContain('created idx_users.created_at_listing');
    expect(first.applied).toContain('created idx_users.email_unique');
    expect(await storage.migrate()).toEqual({ applied: [], current: first.current });
    expect(await storage.missingIndexes()).toEqual([]);
    expect(await storage.schemaVersion()).not.toBeNull();
    const indexes = await raw('idx_attempts').listIndexes().toArray();
    expect(indexes.find((i) => i.name === 'when_ttl')?.expireAfterSeconds).toBe(600);
    const pending = await raw('idx_pending').listIndexes().toArray();
    // Decision 31: expired pending rows stay resendable until purged or this grace ends.
    expect(pending.find((i) => i.name === 'pending_ttl')?.expireAfterSeconds).toBe(
      PENDING_GRACE_SECONDS,
    );
  });

  // jongodb has neither `collMod` nor `dropIndexes`, so a TTL index cannot be re-timed there:
  // this case exists only in runs against a real MongoDB (REGSTACK_TEST_MONGODB_URL).
  if (target !== 'jongodb') {
    it('migrate() re-times the when_ttl index when the lockout window changes (Decision 43)', async () => {
      await (await open({ prefix: 'ttl', window: 900 })).migrate();
      const report = await (await open({ prefix: 'ttl', window: 60 })).migrate();
      expect(report.applied).toEqual(['re-timed ttl_attempts.when_ttl to 60 s']);
      const indexes = await raw('ttl_attempts').listIndexes().toArray();
      expect(indexes.find((i) => i.name === 'when_ttl')?.expireAfterSeconds).toBe(60);
    });
  }

  it('a document edited by hand with a wrong type is a clear error and is left as it was', async () => {
    const storage = await open({ prefix: 'bad' });
    await storage.migrate();
    const user = await storage.users.create({ email: 'b@example.com', hashedPassword: 'h' });
    await raw('bad_users').updateOne({ email: 'b@example.com' }, { $set: { is_active: 'yes' } });
    await expect(storage.users.getById(user.id)).rejects.toThrow(
      new TypeError("MongoDB field 'is_active' should hold a boolean, found string."),
    );
    expect((await raw('bad_users').findOne({ email: 'b@example.com' }))?.is_active).toBe('yes');
  });

  it('a malformed user id finds nothing (spec §10.5)', async () => {
    const storage = await open({ prefix: 'ids' });
    await storage.migrate();
    expect(await storage.users.getById('not-an-object-id')).toBeNull();
    expect(await storage.users.getById('abcdefghijkl')).toBeNull();
    expect(await storage.users.delete('zz')).toBe(false);
  });
});
