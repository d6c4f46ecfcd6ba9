import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSystemClock } from '../../src/clock/system-clock.js';
import { openStorage } from '../../src/storage/open.js';
import { LATEST_MIGRATION, MIGRATION_NAMES } from '../../src/storage/sql/migrations/registry.js';
import type { SqlStorage } from '../../src/storage/sql/sql-storage.js';
import {
  createPgTestSchema,
  createTempDir,
  type PgTestSchema,
  type TempDir,
} from '../support/db.js';
import { createMongoTestDatabase } from '../support/mongo-db.js';
import { ensureBuilt, GOOD_SECRET, lines, runCli, SPAWNS, writeProject } from './run-cli.js';

// `regstack migrate` (spec §12.4 with Decision 24; TS-CONTRACT §16).

const HEAD = LATEST_MIGRATION;
/** The lines `migrate` prints for every revision after `from` (exclusive). */
const appliedAfter = (from: string): string =>
  MIGRATION_NAMES.filter((name) => name > from)
    .map((name) => `applied ${name}\n`)
    .join('');

let dir: TempDir;

beforeAll(() => ensureBuilt(), 180_000);
beforeEach(async () => {
  dir = await createTempDir('regstack-cli-migrate-');
  writeProject(dir.path, 'app_name = "Mig"\n', { REGSTACK_JWT_SECRET: GOOD_SECRET });
});
afterEach(async () => {
  await dir.remove();
});

async function schemaVersion(url: string): Promise<string | null> {
  const storage = await openStorage({ url, clock: createSystemClock() });
  try {
    return await storage.schemaVersion();
  } finally {
    await storage.close();
  }
}

interface Backend {
  readonly name: string;
  /** The URL to configure, and how the bin prints it. */
  setup(): Promise<{ url: string; display: string }>;
  teardown(): Promise<void>;
}

let pg: PgTestSchema | undefined;
const BACKENDS: readonly Backend[] = [
  {
    name: 'sqlite',
    async setup() {
      return { url: 'sqlite:///./mig.db', display: 'sqlite:///./mig.db' };
    },
    async teardown() {},
  },
  {
    name: 'postgres',
    async setup() {
      pg = await createPgTestSchema();
      const url = pg.url.replace('postgres@', 'postgres:mig-secret-321@');
      return { url, display: url.replace('mig-secret-321', '***') };
    },
    async teardown() {
      await pg?.drop();
    },
  },
];

describe.each(BACKENDS)('regstack migrate on $name', SPAWNS, (backend) => {
  let url: string;
  let display: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    ({ url, display } = await backend.setup());
    env = { REGSTACK_DATABASE_URL: url };
  });
  afterEach(async () => {
    await backend.teardown();
  });
  const absolute = (u: string): string => u.replace('sqlite:///./', `sqlite:///${dir.path}/`);

  it('fresh → head, printing each revision; a second run is already at head', async () => {
    const first = await runCli(['migrate'], { cwd: dir.path, env });
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe(
      `upgrading ${display} from (empty) to ${HEAD}…\n${appliedAfter('')}now at ${HEAD}\n`,
    );
    expect(first.code).toBe(0);
    expect(await schemaVersion(absolute(url))).toBe(HEAD);

    const second = await runCli(['migrate'], { cwd: dir.path, env });
    expect(second.stdout).toBe(`already at head (${HEAD})\n`);
    expect(second.code).toBe(0);
  });

  it('--target: a revision, then +1, then head', async () => {
    const toFirst = await runCli(['migrate', '--target', '0001'], { cwd: dir.path, env });
    expect(toFirst.stdout).toBe(
      `upgrading ${display} from (empty) to 0001…\napplied 0001\nnow at 0001\n`,
    );
    const again = await runCli(['migrate', '--target', '0001'], { cwd: dir.path, env });
    expect(again.stdout).toBe('already at 0001\n');
    const plusOne = await runCli(['migrate', '--target', '+1'], { cwd: dir.path, env });
    expect(plusOne.stdout).toBe(
      `upgrading ${display} from 0001 to 0002…\napplied 0002\nnow at 0002\n`,
    );
    const head = await runCli(['migrate', '--target', 'head'], { cwd: dir.path, env });
    expect(head.stdout).toBe(
      `upgrading ${display} from 0002 to ${HEAD}…\n${appliedAfter('0002')}now at ${HEAD}\n`,
    );
    expect(head.code).toBe(0);
    expect(await schemaVersion(absolute(url))).toBe(HEAD);
  });

  it('a database newer than this regstack: exit 1, one line', async () => {
    await runCli(['migrate'], { cwd: dir.path, env });
    const storage = (await openStorage({
      url: absolute(url),
      clock: createSystemClock(),
    })) as SqlStorage;
    try {
      await storage.rawQuery(
        "insert into regstack_migration (name, timestamp) values ('0099', 'x')",
      );
    } finally {
      await storage.close();
    }
    const result = await runCli(['migrate'], { cwd: dir.path, env });
    expect(result.stderr).toBe(
      `regstack: database schema version 0099 is newer than this regstack (bundled head ${HEAD}); upgrade regstack.\n`,
    );
    expect(result.stdout).toBe('');
    expect(result.code).toBe(1);
  });

  it('asking to go down: exit 1, one line, schema unchanged', async () => {
    await runCli(['migrate'], { cwd: dir.path, env });
    const result = await runCli(['migrate', '--target', '0001'], { cwd: dir.path, env });
    expect(result.stderr).toBe(
      `regstack: database is at ${HEAD}, past 0001; regstack does not migrate down.\n`,
    );
    expect(result.code).toBe(1);
    expect(await schemaVersion(absolute(url))).toBe(HEAD);
  });
});

describe('regstack migrate: other cases', SPAWNS, () => {
  it('a MongoDB URL: creates the missing indexes, naming each, then finds them present', async () => {
    const database = createMongoTestDatabase();
    try {
      const env = { REGSTACK_DATABASE_URL: database.url };
      const first = await runCli(['migrate'], { cwd: dir.path, env });
      expect(first.stderr).toBe('');
      expect(lines(first.stdout)).toEqual([
        `installing indexes on ${database.url}…`,
        'created users.email_unique',
        'created users.created_at_listing',
        'created token_blacklist.jti_unique',
        'created token_blacklist.exp_ttl',
        'created pending_registrations.pending_email_unique',
        'created pending_registrations.pending_token_unique',
        'created pending_registrations.pending_ttl',
        'created login_attempts.email_when',
        'created login_attempts.when_ttl',
        'created mfa_codes.user_kind_unique',
        'created mfa_codes.mfa_ttl',
        'created oauth_identities.provider_subject_unique',
        'created oauth_identities.user_provider_unique',
        'created oauth_states.oauth_state_ttl',
        'created user_sessions.session_jti_unique',
        'created user_sessions.session_user_id',
        'created user_sessions.session_ttl',
        'created totp_factors.totp_user_unique',
        'created recovery_codes.recovery_code_hash_unique',
        'created recovery_codes.recovery_code_user_id',
        'created passkey_credentials.passkey_credential_id_unique',
        'created passkey_credentials.passkey_user_id',
        'created webauthn_challenges.webauthn_challenge_ttl',
        'created audit_events.audit_occurred_at',
        'created audit_events.audit_user_occurred_at',
        'created webhook_deliveries.webhook_delivery_due',
        'created webhook_deliveries.webhook_delivery_order',
        'indexes present',
      ]);
      expect(first.code).toBe(0);
      const again = await runCli(['migrate'], { cwd: dir.path, env });
      expect(again.stdout).toBe(
        `installing indexes on ${database.url}…\nindexes already present\n`,
      );
      expect(again.code).toBe(0);
    } finally {
      await database.drop();
    }
  });

  it('a MongoDB URL with --target is a usage error, without connecting', async () => {
    const result = await runCli(['migrate', '--target', '0002'], {
      cwd: dir.path,
      env: { REGSTACK_DATABASE_URL: 'mongodb://127.0.0.1:1/app' },
    });
    expect(result.stderr).toBe(
      'regstack: --target 0002: MongoDB has no revisions; run `regstack migrate` without --target\n',
    );
    expect(result.code).toBe(2);
  });

  it('an unreachable PostgreSQL: exit 1, one line, password masked', async () => {
    const result = await runCli(['migrate'], {
      cwd: dir.path,
      env: { REGSTACK_DATABASE_URL: 'postgresql://app:never-shown-000@127.0.0.1:1/app' },
    });
    expect(result.stderr).toBe(
      'regstack: Cannot connect to PostgreSQL at postgresql://app:***@127.0.0.1:1/app: connect ECONNREFUSED 127.0.0.1:1\n',
    );
    expect(result.stdout).toBe('');
    expect(result.code).toBe(1);
  });

  it.each([
    [
      ['--target', '0099'],
      `regstack: --target 0099: unknown revision (use head, +N or one of ${MIGRATION_NAMES.join(', ')})\n`,
    ],
    [
      ['--target', `+${MIGRATION_NAMES.length + 1}`],
      `regstack: --target +${MIGRATION_NAMES.length + 1}: goes past the bundled head ${HEAD}\n`,
    ],
    [['--config', 'missing.toml'], 'regstack: --config missing.toml: no such file\n'],
    [
      ['now'],
      "error: too many arguments for 'migrate'. Expected 0 arguments but got 1.\n(add --help for usage)\n",
    ],
  ])('usage error %j → exit 2', async (args, stderr) => {
    const result = await runCli(['migrate', ...args], {
      cwd: dir.path,
      env: { REGSTACK_DATABASE_URL: 'sqlite:///./mig.db' },
    });
    expect(result.stderr).toBe(stderr);
    expect(result.code).toBe(2);
  });

  it('--config PATH names the database', async () => {
    writeFileSync(join(dir.path, 'alt.toml'), 'database_url = "sqlite:///./alt.db"\n');
    const result = await runCli(['migrate', '--config', 'alt.toml'], { cwd: dir.path });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`upgrading sqlite:///./alt.db from (empty) to ${HEAD}…\n`);
    expect(existsSync(join(dir.path, 'alt.db'))).toBe(true);
  });
});
