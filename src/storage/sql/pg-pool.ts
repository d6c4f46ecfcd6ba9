import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import { StorageUnavailableError } from '../../errors/errors.js';
import { describeError } from './describe-error.js';

/*
 * node-pg parses `timestamptz` into a JS Date and drops the microseconds that bulk
 * revocation compares (Decision 45). Every query therefore carries its own type parsers,
 * which return timestamps as text for the instant codec; this also works on a pool the
 * host built with its own global parsers.
 */

/** Per-query type parsers, as node-pg's `QueryConfig.types` takes them. */
export interface PgTypeParsers {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown;
}

/** The node-pg client methods regstack calls. */
export interface PgClientLike {
  query(config: {
    text: string;
    values: unknown[];
    types: PgTypeParsers;
  }): Promise<{ command: string; rowCount: number | null; rows: unknown[] }>;
  release(error?: Error | boolean): void;
}

/** The node-pg pool methods regstack calls; a host may pass its own `pg.Pool`. */
export interface PgPoolLike {
  connect(): Promise<PgClientLike>;
  end(): Promise<void>;
}

const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;
/** How long to wait for a connection before reporting the database unavailable. */
const CONNECT_TIMEOUT_MS = 10_000;

class TextTimestampClient implements PostgresPoolClient {
  readonly #client: PgClientLike;
  readonly #types: PgTypeParsers;

  constructor(client: PgClientLike, types: PgTypeParsers) {
    this.#client = client;
    this.#types = types;
  }

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    sql: string | PostgresCursor<R>,
    parameters: ReadonlyArray<unknown> = [],
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sql !== 'string') throw new TypeError('regstack does not stream queries.');
    return this.#client
      .query({ text: sql, values: [...parameters], types: this.#types })
      .then((result) => ({
        // Kysely only compares the command tag; rows are typed by the query builder.
        command: result.command as PostgresQueryResult<R>['command'],
        rowCount: result.rowCount ?? 0,
        rows: result.rows as R[],
      }));
  }

  release(): void {
    this.#client.release();
  }
}

export interface KyselyPoolOptions {
  /** The host's pool; when absent regstack creates one from `connectionString`. */
  readonly pool?: PgPoolLike | undefined;
  readonly connectionString: string;
  /** The URL with its password masked, for messages. */
  readonly display: string;
}

/**
 * A Kysely pool over node-pg, imported only now. Connection failures become
 * `StorageUnavailableError` naming the masked URL; a host's pool is never ended by us.
 */
export async function createKyselyPool(options: KyselyPoolOptions): Promise<PostgresPool> {
  const pg = await import('pg');
  const types: PgTypeParsers = {
    getTypeParser: (oid, format) =>
      oid === TIMESTAMP || oid === TIMESTAMPTZ
        ? (value: string) => value
        : pg.types.getTypeParser(oid, format),
  };
  let pool: PgPoolLike;
  if (options.pool === undefined) {
    const own = new pg.Pool({
      connectionString: options.connectionString,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    });
    // An idle client dropped by the server (restart, failover) emits 'error' on the
    // pool, which would crash the process; the next query reports the outage instead.
    own.on('error', () => {});
    pool = own;
  } else {
    pool = options.pool;
  }
  const owned = options.pool === undefined;
  return {
    async connect() {
      let client: PgClientLike;
      try {
        client = await pool.connect();
      } catch (error) {
        throw new StorageUnavailableError(
          `Cannot connect to PostgreSQL at ${options.display}: ${describeError(error)}`,
          { cause: error },
        );
      }
      return new TextTimestampClient(client, types);
    },
    async end() {
      if (owned) await pool.end();
    },
  };
}
