import { StorageUnavailableError } from '../errors/errors.js';
import type { Clock } from '../ports/clock.js';
import type { Storage } from '../ports/storage.js';
import { parseDatabaseUrl } from './database-url.js';
import type { PgPoolLike } from './sql/pg-pool.js';

export interface OpenStorageOptions {
  /** The `database_url` (TS-CONTRACT §11). */
  readonly url: string;
  readonly clock: Clock;
  /** Where relative SQLite paths start. @default process.cwd() */
  readonly cwd?: string | undefined;
  /** The host's own node-pg pool, for a PostgreSQL URL. */
  readonly pool?: PgPoolLike | undefined;
}

/**
 * Picks the backend from the URL scheme and loads only its module. Nothing connects yet.
 * An unknown scheme throws `ConfigError` (§2.7).
 */
export async function openStorage(options: OpenStorageOptions): Promise<Storage> {
  const url = parseDatabaseUrl(options.url, options.cwd);
  if (url.kind === 'mongodb') {
    throw new StorageUnavailableError(
      `MongoDB support is not available in this build yet (database_url ${url.display}); ` +
        'use a sqlite:// or postgresql:// URL.',
    );
  }
  const { createSqlStorage } = await import('./sql/sql-storage.js');
  return createSqlStorage({ url, clock: options.clock, pool: options.pool });
}
