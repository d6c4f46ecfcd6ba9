import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  SqliteAdapter,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';
import { StorageUnavailableError } from '../../errors/errors.js';
import { describeError } from './describe-error.js';

/*
 * One better-sqlite3 handle per storage: Kysely's SQLite driver serialises every query
 * through it, and `:memory:` needs exactly one connection so the migrated schema outlives
 * the migration (Decision 41). The handle opens on first use (pools are lazy, §10.1).
 */

export type SqliteHandle = BetterSqlite3.Database;
export type SqliteStatement<P extends unknown[]> = BetterSqlite3.Statement<P>;

/** Milliseconds a writer waits for another process's lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

/** SQLite runs DDL inside transactions, so a failing migration leaves no trace. */
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/**
 * `BEGIN IMMEDIATE` takes the write lock up front. A deferred transaction that reads and
 * then writes fails at once with SQLITE_BUSY when another process wrote in between (WAL
 * cannot upgrade a stale snapshot); an immediate one waits out the busy timeout instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class RegstackSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalSqliteAdapter();
  }
}

export interface SqliteConnection {
  readonly dialect: SqliteDialect;
  /** The shared handle, opened on first call. */
  handle(): Promise<SqliteHandle>;
  /** Closes the handle if it was opened (idempotent). */
  close(): void;
}

export interface SqliteLocation {
  readonly path: string;
  readonly memory: boolean;
  readonly display: string;
}

async function openHandle(location: SqliteLocation): Promise<SqliteHandle> {
  const { default: Database } = await import('better-sqlite3');
  try {
    const handle = new Database(location.path);
    if (!location.memory) {
      // WAL lets readers and a writer in other processes share the file.
      handle.pragma('journal_mode = WAL');
    }
    handle.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    return handle;
  } catch (error) {
    throw new StorageUnavailableError(
      `Cannot open the SQLite database ${location.display}: ${describeError(error)}`,
      { cause: error },
    );
  }
}

export function createSqliteConnection(location: SqliteLocation): SqliteConnection {
  let opening: Promise<SqliteHandle> | undefined;
  let opened: SqliteHandle | undefined;
  const handle = (): Promise<SqliteHandle> => {
    opening ??= openHandle(location).then(
      (h) => {
        opened = h;
        return h;
      },
      (error: unknown) => {
        // Let a later call retry, for example once the directory exists.
        opening = undefined;
        throw error;
      },
    );
    return opening;
  };
  return {
    dialect: new RegstackSqliteDialect({ database: handle }),
    handle,
    close() {
      if (opened?.open === true) opened.close();
    },
  };
}
