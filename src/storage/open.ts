import type { Clock } from '../ports/clock.js';
import type { Storage } from '../ports/storage.js';
import { parseDatabaseUrl } from './database-url.js';
import type { MongoSettings } from './mongo/mongo-settings.js';
import type { PgPoolLike } from './sql/pg-pool.js';

export interface OpenStorageOptions {
  /** The `database_url` (TS-CONTRACT §11). */
  readonly url: string;
  readonly clock: Clock;
  /** Where relative SQLite paths start. @default process.cwd() */
  readonly cwd?: string | undefined;
  /** The host's own node-pg pool, for a PostgreSQL URL. */
  readonly pool?: PgPoolLike | undefined;
  /** Database, collection names and lockout window for a MongoDB URL (see `mongoSettings()`). */
  readonly mongo?: MongoSettings | undefined;
}

/**
 * Picks the backend from the URL scheme and loads only its module (so the optional MongoDB
 * driver loads only for a MongoDB URL). Nothing connects yet. An unknown scheme throws
 * `ConfigError` (§2.7).
 */
export async function openStorage(options: OpenStorageOptions): Promise<Storage> {
  const url = parseDatabaseUrl(options.url, options.cwd);
  if (url.kind === 'mongodb') {
    const { createMongoStorage } = await import('./mongo/mongo-storage.js');
    return createMongoStorage({ ...options.mongo, url, clock: options.clock });
  }
  const { createSqlStorage } = await import('./sql/sql-storage.js');
  return createSqlStorage({ url, clock: options.clock, pool: options.pool });
}
