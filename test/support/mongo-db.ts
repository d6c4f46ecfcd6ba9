import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { DEFAULT_COLLECTION_NAMES } from '../../src/storage/mongo/collection-names.js';

/*
 * A fresh MongoDB database per call, on the run's jongodb test server or, for the `server`
 * target, on the real server named by REGSTACK_TEST_MONGODB_URL.
 */

export type MongoTarget = 'jongodb' | 'server';

/** The targets the MongoDB tests run on: always jongodb, plus a real server when one is named. */
export const MONGO_TARGETS: readonly MongoTarget[] =
  (process.env.REGSTACK_TEST_MONGODB_URL ?? '') === '' ? ['jongodb'] : ['jongodb', 'server'];

function serverUrl(target: MongoTarget): string {
  const url =
    target === 'server'
      ? process.env.REGSTACK_TEST_MONGODB_URL
      : process.env.REGSTACK_TEST_JONGODB_URI;
  if (url === undefined || url === '') {
    throw new Error(
      target === 'server'
        ? 'REGSTACK_TEST_MONGODB_URL is not set.'
        : 'The jongodb test server is not running (test/support/mongo-server.ts starts it).',
    );
  }
  return url;
}

/** `url` with its path (the database) replaced by `database`, query kept. */
function withDatabase(url: string, database: string): string {
  const scheme = url.indexOf('://') + 3;
  const slash = url.indexOf('/', scheme);
  const query = url.indexOf('?', scheme);
  const hostEnd = slash !== -1 ? slash : query !== -1 ? query : url.length;
  const rest = query === -1 ? '' : url.slice(query);
  return `${url.slice(0, hostEnd)}/${database}${rest}`;
}

export interface MongoTestDatabase {
  readonly name: string;
  readonly url: string;
  /** Empties the database (dropped on a real server). */
  drop(): Promise<void>;
}

export function createMongoTestDatabase(target: MongoTarget = 'jongodb'): MongoTestDatabase {
  const run = process.env.REGSTACK_TEST_RUN ?? 'adhoc';
  const name = `rs_test_${run}_${randomBytes(6).toString('hex')}`;
  const url = withDatabase(serverUrl(target), name);
  return {
    name,
    url,
    async drop() {
      const client = new MongoClient(url, { serverSelectionTimeoutMS: 5_000 });
      try {
        await client.db(name).dropDatabase();
      } catch {
        // jongodb has no drop (nor listCollections) command: empty the collections regstack
        // uses by default, so its memory does not grow with every test of the run.
        for (const collection of Object.values(DEFAULT_COLLECTION_NAMES)) {
          await client
            .db(name)
            .collection(collection)
            .deleteMany({})
            .catch(() => undefined);
        }
      } finally {
        await client.close();
      }
    },
  };
}
