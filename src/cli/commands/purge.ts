import { existsSync } from 'node:fs';
import { createSystemClock } from '../../clock/system-clock.js';
import type { RegstackConfig } from '../../config/schema.js';
import type { Storage } from '../../ports/storage.js';
import { parseDatabaseUrl } from '../../storage/database-url.js';
import { mongoSettings } from '../../storage/mongo/mongo-settings.js';
import { openStorage } from '../../storage/open.js';
import { EXIT, ExitError } from '../exit-error.js';
import { loadCliConfig } from '../load-cli-config.js';
import type { CliIo } from '../main.js';

export interface PurgeOptions {
  readonly config?: string | undefined;
}

interface PurgeStep {
  /** The table (SQL) or collection (MongoDB) it empties of expired rows. */
  readonly name: string;
  readonly note?: string | undefined;
  run(): Promise<number>;
}

function steps(storage: Storage, config: RegstackConfig): PurgeStep[] {
  const sql = storage.kind !== 'mongodb';
  const window = config.login_lockout_window_seconds;
  return [
    {
      name: sql ? 'pending_registrations' : config.pending_collection,
      run: () => storage.pending.purgeExpired(),
    },
    {
      name: sql ? 'token_blacklist' : config.blacklist_collection,
      run: () => storage.blacklist.purgeExpired(),
    },
    {
      name: sql ? 'mfa_codes' : config.mfa_code_collection,
      run: () => storage.mfaCodes.purgeExpired(),
    },
    {
      name: sql ? 'oauth_states' : config.oauth_state_collection,
      run: () => storage.oauthStates.purgeExpired(),
    },
    {
      name: sql ? 'user_sessions' : config.user_session_collection,
      run: () => storage.userSessions.purgeExpired(),
    },
    {
      name: sql ? 'webauthn_challenges' : config.webauthn_challenge_collection,
      run: () => storage.webauthnChallenges.purgeExpired(),
    },
    {
      name: sql ? 'login_attempts' : config.login_attempt_collection,
      note: `older than the ${window} s lockout window`,
      run: () => storage.attempts.purgeExpired(window),
    },
    auditStep(storage, config, sql),
  ];
}

const MICROS_PER_DAY = 86_400_000_000;

/** `audit_retention_days`: events older than that many days go; 0 keeps every event. */
function auditStep(storage: Storage, config: RegstackConfig, sql: boolean): PurgeStep {
  const days = config.audit_retention_days;
  const name = sql ? 'audit_events' : config.audit_event_collection;
  if (days === 0) {
    return { name, note: 'kept forever: audit_retention_days = 0', run: async () => 0 };
  }
  return {
    name,
    note: `older than ${days} day${days === 1 ? '' : 's'}`,
    run: () => storage.audit.purgeBefore(createSystemClock().now() - days * MICROS_PER_DAY),
  };
}

/** `regstack purge` (Decision 40): deletes expired rows everywhere and prints the counts. */
export async function purge(options: PurgeOptions, io: CliIo): Promise<number> {
  const { config } = loadCliConfig(options.config);
  const rawUrl = config.database_url.reveal();
  const url = parseDatabaseUrl(rawUrl);
  const noSchema = new ExitError(
    EXIT.failure,
    `regstack: ${url.display} has no regstack schema; run \`regstack migrate\` first.`,
  );
  // Opening a SQLite file that is not there would create an empty one.
  if (url.kind === 'sqlite' && !url.memory && !existsSync(url.path)) throw noSchema;
  const storage = await openStorage({
    url: rawUrl,
    clock: createSystemClock(),
    mongo: mongoSettings(config),
  });
  try {
    if ((await storage.schemaVersion()) === null) throw noSchema;
    io.out(`Purging expired rows in ${url.display}\n`);
    let total = 0;
    for (const step of steps(storage, config)) {
      const count = await step.run();
      total += count;
      io.out(`${step.name}: ${count} deleted${step.note === undefined ? '' : ` (${step.note})`}\n`);
    }
    io.out(`total: ${total} deleted\n`);
    return EXIT.ok;
  } finally {
    await storage.close();
  }
}
