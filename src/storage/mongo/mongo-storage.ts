import type { MongoClient } from 'mongodb';
import { ConfigError } from '../../errors/errors.js';
import type { Clock } from '../../ports/clock.js';
import type { Storage } from '../../ports/storage.js';
import { type DatabaseUrl, parseDatabaseUrl } from '../database-url.js';
import { describeError } from '../sql/describe-error.js';
import { createAuditEventsRepo } from './audit-events-repo.js';
import { createBlacklistRepo } from './blacklist-repo.js';
import { type CollectionNames, DEFAULT_COLLECTION_NAMES } from './collection-names.js';
import { CORE_INDEXES, indexSpecs } from './index-specs.js';
import { installIndexes, missingIndexes } from './install-indexes.js';
import { loadMongoDriver, type MongoDriver } from './load-driver.js';
import { createLoginAttemptsRepo } from './login-attempts-repo.js';
import { createMfaCodesRepo } from './mfa-codes-repo.js';
import type { MongoContext } from './mongo-context.js';
import type { MongoSettings } from './mongo-settings.js';
import { databaseName, lowerCaseScheme } from './mongo-url.js';
import { createOAuthIdentitiesRepo } from './oauth-identities-repo.js';
import { createOAuthStatesRepo } from './oauth-states-repo.js';
import { createPasskeyCredentialsRepo } from './passkey-credentials-repo.js';
import { createPendingRepo } from './pending-repo.js';
import { createRecoveryCodesRepo } from './recovery-codes-repo.js';
import { createSessionLookup } from './session-lookup.js';
import { createTotpFactorsRepo } from './totp-factors-repo.js';
import { guarded, unavailableTranslator } from './unavailable.js';
import { createUsersRepo } from './user-repo.js';
import { createUserSessionsRepo } from './user-sessions-repo.js';
import { createWebauthnChallengesRepo } from './webauthn-challenges-repo.js';
import { createWebhookDeliveriesRepo } from './webhook-deliveries-repo.js';

/** What `schemaVersion()` reports once the core indexes exist: MongoDB has no migrations. */
export const MONGO_SCHEMA_VERSION = 'mongodb-indexes';

const DEFAULT_LOCKOUT_WINDOW_SECONDS = 900;

export interface MongoStorageOptions extends MongoSettings {
  /** A `mongodb://` or `mongodb+srv://` URL, or one already parsed. */
  readonly url: string | DatabaseUrl;
  readonly clock: Clock;
}

/** The MongoDB storage: the `Storage` port plus index introspection for `doctor`. */
export interface MongoStorage extends Storage {
  readonly kind: 'mongodb';
  /** The URL with its password masked (Decision 24). */
  readonly displayUrl: string;
  readonly databaseName: string;
  readonly collectionNames: CollectionNames;
  /** `collection.index` names of the spec's indexes that do not exist yet. */
  missingIndexes(): Promise<string[]>;
}

function newClient(driver: MongoDriver, url: string, display: string): MongoClient {
  try {
    return new driver.MongoClient(lowerCaseScheme(url));
  } catch (error) {
    throw new ConfigError(`Invalid MongoDB database_url '${display}': ${describeError(error)}`, {
      cause: error,
    });
  }
}

/**
 * Opens MongoDB storage on the official driver, loaded here and only here. Nothing connects
 * until the first call (the driver connects lazily); call `migrate()` to create the indexes.
 *
 * @example
 * const storage = await createMongoStorage({ url: 'mongodb://localhost/app', clock });
 * await storage.migrate();
 */
export async function createMongoStorage(options: MongoStorageOptions): Promise<MongoStorage> {
  const url = typeof options.url === 'string' ? parseDatabaseUrl(options.url) : options.url;
  if (url.kind !== 'mongodb') {
    throw new ConfigError(`createMongoStorage() takes a MongoDB URL, not ${url.display}.`);
  }
  const name = databaseName(url.url, options.database, url.display);
  const driver = await loadMongoDriver(url.display);
  const client = newClient(driver, url.url, url.display);
  const names: CollectionNames = { ...DEFAULT_COLLECTION_NAMES, ...options.collections };
  const context: MongoContext = { driver, db: client.db(name), names, clock: options.clock };
  const specs = indexSpecs(options.lockoutWindowSeconds ?? DEFAULT_LOCKOUT_WINDOW_SECONDS);
  const translate = unavailableTranslator(driver, url.display);
  const guard = <T extends object>(target: T): T => guarded(target, translate);

  return {
    kind: 'mongodb',
    displayUrl: url.display,
    databaseName: name,
    collectionNames: names,
    users: guard(createUsersRepo(context)),
    pending: guard(createPendingRepo(context)),
    blacklist: guard(createBlacklistRepo(context)),
    attempts: guard(createLoginAttemptsRepo(context)),
    mfaCodes: guard(createMfaCodesRepo(context)),
    oauthIdentities: guard(createOAuthIdentitiesRepo(context)),
    oauthStates: guard(createOAuthStatesRepo(context)),
    sessions: guard(createSessionLookup(context)),
    userSessions: guard(createUserSessionsRepo(context)),
    totpFactors: guard(createTotpFactorsRepo(context)),
    recoveryCodes: guard(createRecoveryCodesRepo(context)),
    passkeyCredentials: guard(createPasskeyCredentialsRepo(context)),
    webauthnChallenges: guard(createWebauthnChallengesRepo(context)),
    audit: guard(createAuditEventsRepo(context)),
    webhookDeliveries: guard(createWebhookDeliveriesRepo(context)),
    ...guard({
      async migrate() {
        const applied = await installIndexes(context, specs);
        return { applied, current: MONGO_SCHEMA_VERSION };
      },
      async schemaVersion() {
        return (await missingIndexes(context, CORE_INDEXES)).length === 0
          ? MONGO_SCHEMA_VERSION
          : null;
      },
      missingIndexes: () =>
        missingIndexes(
          context,
          specs.map((spec) => [spec.collection, spec.name] as const),
        ),
      async ping() {
        await context.db.command({ ping: 1 });
      },
    }),
    close: () => client.close(),
  };
}
