import { CompiledQuery, type Dialect, Kysely, sql } from 'kysely';
import { ConfigError } from '../../errors/errors.js';
import type { Clock } from '../../ports/clock.js';
import type { SessionLookup, Storage } from '../../ports/storage.js';
import { type DatabaseUrl, parseDatabaseUrl } from '../database-url.js';
import { createAuditEventsRepo } from './audit-events-repo.js';
import { createBlacklistRepo } from './blacklist-repo.js';
import { withFileLock } from './file-lock.js';
import { POSTGRES_CODEC, SQLITE_CODEC, type SqlDialectName } from './instant-codec.js';
import { createLoginAttemptsRepo } from './login-attempts-repo.js';
import { createMfaCodesRepo } from './mfa-codes-repo.js';
import { migrateSql, readSchemaVersion, type SqlMigratorOptions } from './migrator.js';
import { createOAuthIdentitiesRepo } from './oauth-identities-repo.js';
import { createOAuthStatesRepo } from './oauth-states-repo.js';
import { createPasskeyCredentialsRepo } from './passkey-credentials-repo.js';
import { createPendingRepo } from './pending-repo.js';
import { createPgDialect } from './pg-dialect.js';
import { createKyselyPool, type PgPoolLike } from './pg-pool.js';
import { createRecoveryCodesRepo } from './recovery-codes-repo.js';
import { createPgSessionLookup, createSqliteSessionLookup } from './session-lookup.js';
import type { SqlContext } from './sql-context.js';
import { createSqliteConnection } from './sqlite-connection.js';
import type { Tables } from './tables.js';
import { createTotpFactorsRepo } from './totp-factors-repo.js';
import { createUsersRepo } from './user-repo.js';
import { createUserSessionsRepo } from './user-sessions-repo.js';
import { createWebauthnChallengesRepo } from './webauthn-challenges-repo.js';
import { createWebhookDeliveriesRepo } from './webhook-deliveries-repo.js';

export interface SqlStorageOptions {
  /** A `sqlite…` or `postgres…` database URL (TS-CONTRACT §11), or one already parsed. */
  readonly url: string | DatabaseUrl;
  readonly clock: Clock;
  /** Where relative SQLite paths start. @default process.cwd() */
  readonly cwd?: string | undefined;
  /** The host's own node-pg pool for a PostgreSQL URL; regstack never ends it. */
  readonly pool?: PgPoolLike | undefined;
}

/** The SQL storage: the `Storage` port plus a raw-SQL escape hatch for tooling and tests. */
export interface SqlStorage extends Storage {
  readonly kind: 'sqlite' | 'postgres';
  /** The URL with its password masked (Decision 24). */
  readonly displayUrl: string;
  /** Runs one SQL statement (`?` placeholders on SQLite, `$1` on PostgreSQL); for tooling, not flows. */
  rawQuery(statement: string, parameters?: readonly unknown[]): Promise<unknown[]>;
}

interface Backend {
  readonly dialect: Dialect;
  readonly kind: SqlDialectName;
  sessions(context: SqlContext): SessionLookup;
  /** Runs a migration so that no other storage in this process migrates the same database meanwhile. */
  exclusive<T>(task: () => Promise<T>): Promise<T>;
  close(): void;
}

function sqliteBackend(url: Extract<DatabaseUrl, { kind: 'sqlite' }>): Backend {
  const connection = createSqliteConnection(url);
  return {
    dialect: connection.dialect,
    kind: 'sqlite',
    sessions: (context) => createSqliteSessionLookup(context, connection.handle),
    exclusive: (task) => (url.memory ? task() : withFileLock(url.path, task)),
    close: connection.close,
  };
}

function postgresBackend(
  url: Extract<DatabaseUrl, { kind: 'postgres' }>,
  pool: PgPoolLike | undefined,
): Backend {
  const { connectionString, display } = url;
  return {
    // The pool (and node-pg itself) loads on the first query: constructing opens nothing.
    dialect: createPgDialect(() => createKyselyPool({ pool, connectionString, display })),
    kind: 'postgres',
    sessions: createPgSessionLookup,
    // Kysely's migrator takes a PostgreSQL advisory lock.
    exclusive: (task) => task(),
    close: () => {},
  };
}

/**
 * Opens SQLite or PostgreSQL storage. Nothing connects until the first call; call
 * `migrate()` before use.
 *
 * @example
 * const storage = createSqlStorage({ url: 'sqlite:///./regstack.db', clock: createSystemClock() });
 * await storage.migrate();
 */
export function createSqlStorage(options: SqlStorageOptions): SqlStorage {
  const url =
    typeof options.url === 'string' ? parseDatabaseUrl(options.url, options.cwd) : options.url;
  if (url.kind === 'mongodb') {
    throw new ConfigError(
      `createSqlStorage() takes a SQLite or PostgreSQL URL, not ${url.display}.`,
    );
  }
  const backend = url.kind === 'sqlite' ? sqliteBackend(url) : postgresBackend(url, options.pool);
  const db = new Kysely<Tables>({ dialect: backend.dialect });
  const codec = backend.kind === 'sqlite' ? SQLITE_CODEC : POSTGRES_CODEC;
  const context: SqlContext = { db, codec, clock: options.clock };
  const migrator: SqlMigratorOptions = { db, dialect: backend.kind, display: url.display };

  return {
    kind: backend.kind,
    displayUrl: url.display,
    users: createUsersRepo(context),
    pending: createPendingRepo(context),
    blacklist: createBlacklistRepo(context),
    attempts: createLoginAttemptsRepo(context),
    mfaCodes: createMfaCodesRepo(context),
    oauthIdentities: createOAuthIdentitiesRepo(context),
    oauthStates: createOAuthStatesRepo(context),
    sessions: backend.sessions(context),
    userSessions: createUserSessionsRepo(context),
    totpFactors: createTotpFactorsRepo(context),
    recoveryCodes: createRecoveryCodesRepo(context),
    passkeyCredentials: createPasskeyCredentialsRepo(context),
    webauthnChallenges: createWebauthnChallengesRepo(context),
    audit: createAuditEventsRepo(context),
    webhookDeliveries: createWebhookDeliveriesRepo(context),
    migrate: (target) => backend.exclusive(() => migrateSql(migrator, target)),
    schemaVersion: () => readSchemaVersion(migrator),
    async ping() {
      await sql`select 1`.execute(db);
    },
    async rawQuery(statement, parameters = []) {
      const { rows } = await db.executeQuery(CompiledQuery.raw(statement, [...parameters]));
      return rows;
    },
    async close() {
      await db.destroy();
      backend.close();
    },
  };
}
