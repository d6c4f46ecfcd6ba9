import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../src/clock/fake-clock.js';
import { createSystemClock } from '../../src/clock/system-clock.js';
import type { Storage } from '../../src/ports/storage.js';
import { openStorage } from '../../src/storage/open.js';
import {
  createPgTestSchema,
  createTempDir,
  type PgTestSchema,
  type TempDir,
} from '../support/db.js';
import { createMongoTestDatabase, type MongoTestDatabase } from '../support/mongo-db.js';
import { ensureBuilt, GOOD_SECRET, runCli, SPAWNS, writeProject } from './run-cli.js';

// `regstack purge` (Decision 40, TS-CONTRACT §16).

const MICROS_PER_HOUR = 3_600_000_000;

let dir: TempDir;

beforeAll(() => ensureBuilt(), 180_000);
beforeEach(async () => {
  dir = await createTempDir('regstack-cli-purge-');
  writeProject(dir.path, 'app_name = "Purge"\n', { REGSTACK_JWT_SECRET: GOOD_SECRET });
});
afterEach(async () => {
  await dir.remove();
});

/**
 * Fills every expiring table with rows that expired, written through a fake clock two days
 * back, and rows that are still live. Returns the live rows' keys for later checks.
 */
let liveChallengeId = '';

async function seed(url: string): Promise<void> {
  const now = Date.now() * 1000;
  const clock = createFakeClock(now - 48 * MICROS_PER_HOUR);
  const storage = await openStorage({ url, clock });
  try {
    await storage.migrate();
    const past = now - MICROS_PER_HOUR;
    const future = now + 24 * MICROS_PER_HOUR;
    const pending = (email: string, expiresAt: number) =>
      storage.pending.upsert({
        email,
        hashedPassword: null,
        fullName: null,
        tokenHash: `hash-${email}`,
        expiresAt,
      });
    await pending('old1@example.com', past);
    await pending('old2@example.com', past);
    await pending('live@example.com', future);

    await storage.blacklist.revoke('jti-old-1', past);
    await storage.blacklist.revoke('jti-old-2', past);
    await storage.blacklist.revoke('jti-live', future);

    const alice = await storage.users.create({ email: 'alice@example.com', hashedPassword: null });
    const bob = await storage.users.create({ email: 'bob@example.com', hashedPassword: null });
    const code = (userId: string, expiresAt: number) =>
      storage.mfaCodes.put({
        userId,
        kind: 'login_mfa',
        codeHash: 'c0de',
        expiresAt,
        maxAttempts: 5,
      });
    await code(alice.id, past);
    await code(bob.id, future);

    const state = (id: string, expiresAt: number) =>
      storage.oauthStates.create({
        id,
        provider: 'google',
        codeVerifier: 'v'.repeat(86),
        nonce: 'n'.repeat(22),
        redirectTo: '/account/me',
        mode: 'signin',
        linkingUserId: null,
        expiresAt,
      });
    await state('state-old-000000000000000000000000000000000', past);
    await state('state-live-00000000000000000000000000000000', future);

    const session = (jti: string, expiresAt: number) =>
      storage.userSessions.create({
        userId: alice.id,
        jti,
        createdAt: past - 3_600_000_000,
        expiresAt,
        userAgent: 'Test/1',
        ip: null,
        method: 'password',
      });
    await session('session-old', past);
    await session('session-live', future);

    const challenge = (challengeHash: string, expiresAt: number) =>
      storage.webauthnChallenges.create({
        challengeHash,
        purpose: 'authentication',
        userId: null,
        expiresAt,
      });
    await challenge('a'.repeat(64), past);
    liveChallengeId = (await challenge('b'.repeat(64), future)).id;
    const event = (occurredAt: number) =>
      storage.audit.append({
        occurredAt,
        type: 'login.succeeded',
        outcome: 'success',
        actorId: alice.id,
        userId: alice.id,
        ip: null,
        userAgent: null,
        details: {},
      });
    await event(now - 400 * 24 * MICROS_PER_HOUR);
    await event(now - 30 * 24 * MICROS_PER_HOUR);

    // Three failures two days ago (outside the 900 s window), one now.
    for (let i = 0; i < 3; i++) await storage.attempts.recordFailure('alice@example.com', null);
    clock.set(now);
    await storage.attempts.recordFailure('alice@example.com', null);
  } finally {
    await storage.close();
  }
}

async function withStorage<T>(url: string, run: (storage: Storage) => Promise<T>): Promise<T> {
  const storage = await openStorage({ url, clock: createSystemClock() });
  try {
    return await run(storage);
  } finally {
    await storage.close();
  }
}

interface Backend {
  readonly name: string;
  setup(): Promise<{ url: string; display: string }>;
  teardown(): Promise<void>;
}

let pg: PgTestSchema | undefined;
let mongo: MongoTestDatabase | undefined;
const BACKENDS: readonly Backend[] = [
  {
    name: 'sqlite',
    async setup() {
      const url = `sqlite:///${join(dir.path, 'purge.db')}`;
      return { url, display: url };
    },
    async teardown() {},
  },
  {
    name: 'postgres',
    async setup() {
      pg = await createPgTestSchema();
      const url = pg.url.replace('postgres@', 'postgres:purge-secret-654@');
      return { url, display: url.replace('purge-secret-654', '***') };
    },
    async teardown() {
      await pg?.drop();
    },
  },
  {
    name: 'mongo',
    async setup() {
      mongo = createMongoTestDatabase();
      return { url: mongo.url, display: mongo.url };
    },
    async teardown() {
      await mongo?.drop();
    },
  },
];

describe.each(BACKENDS)('regstack purge on $name', SPAWNS, (backend) => {
  let url: string;
  let display: string;
  beforeEach(async () => {
    ({ url, display } = await backend.setup());
  });
  afterEach(async () => {
    await backend.teardown();
  });

  it('deletes the expired rows of every table, prints the counts, keeps live rows', async () => {
    await seed(url);
    const env = { REGSTACK_DATABASE_URL: url };
    const result = await runCli(['purge'], { cwd: dir.path, env });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      [
        `Purging expired rows in ${display}`,
        'pending_registrations: 2 deleted',
        'token_blacklist: 2 deleted',
        'mfa_codes: 1 deleted',
        'oauth_states: 1 deleted',
        'user_sessions: 1 deleted',
        'webauthn_challenges: 1 deleted',
        'login_attempts: 3 deleted (older than the 900 s lockout window)',
        'audit_events: 1 deleted (older than 365 days)',
        'total: 12 deleted',
        '',
      ].join('\n'),
    );
    expect(result.code).toBe(0);

    await withStorage(url, async (storage) => {
      expect(await storage.pending.findByEmail('live@example.com')).not.toBeNull();
      expect(await storage.pending.findByEmail('old1@example.com')).toBeNull();
      expect(await storage.blacklist.isRevoked('jti-live')).toBe(true);
      const bob = await storage.users.getByEmail('bob@example.com');
      expect(await storage.mfaCodes.find(bob?.id ?? '', 'login_mfa')).not.toBeNull();
      expect(
        await storage.oauthStates.find('state-live-00000000000000000000000000000000'),
      ).not.toBeNull();
      expect((await storage.attempts.countRecent('alice@example.com', 900)).count).toBe(1);
      const alice = await storage.users.getByEmail('alice@example.com');
      const sessions = await storage.userSessions.listLive(alice?.id ?? '', null);
      expect(sessions.map((s) => s.jti)).toEqual(['session-live']);
      expect((await storage.webauthnChallenges.consume(liveChallengeId))?.purpose).toBe(
        'authentication',
      );
      const events = await storage.audit.list({}, { limit: 10 });
      expect(events.map((e) => e.occurredAt)).toHaveLength(1);
    });

    const again = await runCli(['purge'], { cwd: dir.path, env });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('total: 0 deleted\n');
  });

  it('login attempts use the configured lockout window', async () => {
    await seed(url);
    const result = await runCli(['purge'], {
      cwd: dir.path,
      env: { REGSTACK_DATABASE_URL: url, REGSTACK_LOGIN_LOCKOUT_WINDOW_SECONDS: '259200' },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'login_attempts: 0 deleted (older than the 259200 s lockout window)\n',
    );
    expect(result.stdout).toContain('total: 9 deleted\n');
  });

  it('audit events follow audit_retention_days, and 0 keeps them all', async () => {
    await seed(url);
    const kept = await runCli(['purge'], {
      cwd: dir.path,
      env: { REGSTACK_DATABASE_URL: url, REGSTACK_AUDIT_RETENTION_DAYS: '0' },
    });
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain(
      'audit_events: 0 deleted (kept forever: audit_retention_days = 0)\n',
    );
    const short = await runCli(['purge'], {
      cwd: dir.path,
      env: { REGSTACK_DATABASE_URL: url, REGSTACK_AUDIT_RETENTION_DAYS: '7' },
    });
    expect(short.code).toBe(0);
    expect(short.stdout).toContain('audit_events: 2 deleted (older than 7 days)\n');
    await withStorage(url, async (storage) => {
      expect(await storage.audit.list({}, { limit: 10 })).toEqual([]);
    });
  });

  it('an empty database: exit 1, one line, nothing created', async () => {
    const result = await runCli(['purge'], { cwd: dir.path, env: { REGSTACK_DATABASE_URL: url } });
    expect(result.stderr).toBe(
      `regstack: ${display} has no regstack schema; run \`regstack migrate\` first.\n`,
    );
    expect(result.stdout).toBe('');
    expect(result.code).toBe(1);
    if (backend.name === 'sqlite') expect(existsSync(join(dir.path, 'purge.db'))).toBe(false);
  });
});

describe('regstack purge: usage', SPAWNS, () => {
  it.each([
    [['--config', 'missing.toml'], 'regstack: --config missing.toml: no such file\n'],
    [['--all'], "error: unknown option '--all'\n(add --help for usage)\n"],
  ])('%j → exit 2', async (args, stderr) => {
    const result = await runCli(['purge', ...args], { cwd: dir.path });
    expect(result.stderr).toBe(stderr);
    expect(result.code).toBe(2);
  });

  it('an unknown command is a usage error', async () => {
    const result = await runCli(['reap'], { cwd: dir.path });
    expect(result.stderr).toMatch(
      /^error: unknown command 'reap'\n(.*\n)?\(add --help for usage\)\n$/,
    );
    expect(result.code).toBe(2);
  });

  it('regstack --help lists the commands', async () => {
    const result = await runCli(['--help'], { cwd: dir.path });
    expect(result.code).toBe(0);
    for (const command of ['serve', 'init', 'create-admin', 'doctor', 'migrate', 'purge']) {
      expect(result.stdout).toContain(`  ${command}`);
    }
  });
});
