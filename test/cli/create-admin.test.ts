import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSystemClock } from '../../src/clock/system-clock.js';
import { loadConfig } from '../../src/config/load.js';
import type { Storage } from '../../src/ports/storage.js';
import { createRegstack } from '../../src/regstack.js';
import { openStorage } from '../../src/storage/open.js';
import { LATEST_MIGRATION } from '../../src/storage/sql/migrations/registry.js';
import {
  createPgTestSchema,
  createTempDir,
  type PgTestSchema,
  type TempDir,
} from '../support/db.js';
import { ensureBuilt, GOOD_SECRET, runCli, runCliInPty, SPAWNS, writeProject } from './run-cli.js';

// `regstack create-admin` (spec §12.2, Decision 34, TS-CONTRACT §16).

const FAST_HASH = 'password_hash_memory_kib = 8192\npassword_hash_iterations = 1\n';
const PASSWORD = 'correct horse battery';

let dir: TempDir;
let dbUrl: string;

async function withStorage<T>(run: (storage: Storage) => Promise<T>, url = dbUrl): Promise<T> {
  const storage = await openStorage({ url, clock: createSystemClock() });
  try {
    return await run(storage);
  } finally {
    await storage.close();
  }
}

beforeAll(() => ensureBuilt(), 180_000);
beforeEach(async () => {
  dir = await createTempDir('regstack-cli-admin-');
  dbUrl = `sqlite:///${join(dir.path, 'app.db')}`;
  writeProject(dir.path, `app_name = "AdminTest"\n${FAST_HASH}`, {
    REGSTACK_JWT_SECRET: GOOD_SECRET,
    REGSTACK_DATABASE_URL: dbUrl,
  });
});
afterEach(async () => {
  await dir.remove();
});

describe('regstack create-admin on SQLite', SPAWNS, () => {
  it('migrates, creates a verified superuser who can log in, and says "created" (Decision 34)', async () => {
    const result = await runCli(
      ['create-admin', '--email', 'Root@Example.COM', '--password', PASSWORD],
      {
        cwd: dir.path,
      },
    );
    expect(result.code).toBe(0);
    const user = await withStorage(async (storage) => {
      expect(await storage.schemaVersion()).toBe(LATEST_MIGRATION);
      return storage.users.getByEmail('root@example.com');
    });
    expect(user).toMatchObject({ isSuperuser: true, isVerified: true, isActive: true });
    expect(result.stderr).toBe(`User root@example.com created as admin (id=${user?.id}).\n`);
    expect(result.stdout).toBe('');

    const rs = await createRegstack({
      config: loadConfig({ cwd: dir.path, env: {} }),
      cwd: dir.path,
    });
    try {
      const response = await rs.fetch(
        new Request('http://localhost:8000/api/auth/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'root@example.com', password: PASSWORD }),
        }),
      );
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ token_type: 'bearer' });
    } finally {
      await rs.close();
    }
  });

  it('is idempotent: a second run promotes nothing new, keeps the id and one row', async () => {
    const first = await runCli(
      ['create-admin', '--email', 'root@example.com', '--password', PASSWORD],
      {
        cwd: dir.path,
      },
    );
    const second = await runCli(
      ['create-admin', '--email', 'root@example.com', '--password', 'another password'],
      { cwd: dir.path },
    );
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    const id = /id=([0-9a-f]{32})/.exec(first.stderr)?.[1];
    expect(id).toBeDefined();
    expect(second.stderr).toBe(`User root@example.com promoted to admin (id=${id}).\n`);
    expect(await withStorage((storage) => storage.users.count())).toBe(1);
  });

  it('promotes an existing account, leaving its password and verification alone', async () => {
    const existing = await withStorage(async (storage) => {
      await storage.migrate();
      return storage.users.create({
        email: 'member@example.com',
        hashedPassword:
          '$argon2id$v=19$m=8192,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g',
        isVerified: false,
      });
    });
    const result = await runCli(
      ['create-admin', '--email', 'MEMBER@example.com', '--password', PASSWORD],
      { cwd: dir.path },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`User member@example.com promoted to admin (id=${existing.id}).\n`);
    const after = await withStorage((storage) => storage.users.getById(existing.id));
    expect(after).toMatchObject({
      isSuperuser: true,
      isVerified: false,
      hashedPassword: existing.hashedPassword,
    });
  });

  // Issue 21, item 10: promoting a disabled account used to leave it unable to sign in.
  it.each([
    ['a disabled member', false],
    ['a disabled administrator', true],
  ])('re-enables %s and says so', async (_name, isSuperuser) => {
    const existing = await withStorage(async (storage) => {
      await storage.migrate();
      const user = await storage.users.create({
        email: 'disabled@example.com',
        hashedPassword:
          '$argon2id$v=19$m=8192,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g',
        isVerified: true,
        isSuperuser,
      });
      await storage.users.deactivate(user.id);
      return user;
    });
    const result = await runCli(
      ['create-admin', '--email', 'disabled@example.com', '--password', PASSWORD],
      { cwd: dir.path },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `User disabled@example.com promoted to admin (id=${existing.id}).\n` +
        'User disabled@example.com was disabled and has been re-enabled.\n',
    );
    const after = await withStorage((storage) => storage.users.getById(existing.id));
    expect(after).toMatchObject({
      isActive: true,
      isSuperuser: true,
      hashedPassword: existing.hashedPassword,
    });
    // The cut-off set by the disable stays: sessions from before it remain revoked.
    expect(after?.tokensInvalidatedAfter).not.toBeNull();

    const again = await runCli(
      ['create-admin', '--email', 'disabled@example.com', '--password', PASSWORD],
      { cwd: dir.path },
    );
    expect(again.stderr).toBe(`User disabled@example.com promoted to admin (id=${existing.id}).\n`);
  });

  it('the embedding API still leaves a disabled account disabled unless asked (spec §13.3)', async () => {
    const existing = await withStorage(async (storage) => {
      await storage.migrate();
      const user = await storage.users.create({
        email: 'kept@example.com',
        hashedPassword:
          '$argon2id$v=19$m=8192,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g',
      });
      await storage.users.deactivate(user.id);
      return user;
    });
    const rs = await createRegstack({
      config: loadConfig({ cwd: dir.path, env: {} }),
      cwd: dir.path,
    });
    try {
      const kept = await rs.bootstrapAdmin('kept@example.com', PASSWORD);
      expect(kept).toMatchObject({ created: false, reactivated: false });
      expect(kept.user).toMatchObject({ _id: existing.id, is_active: false, is_superuser: true });
      const reenabled = await rs.bootstrapAdmin('kept@example.com', PASSWORD, {
        reactivate: true,
      });
      expect(reenabled).toMatchObject({ created: false, reactivated: true });
      expect(reenabled.user).toMatchObject({ is_active: true, is_superuser: true });
    } finally {
      await rs.close();
    }
  });

  it('asks for a hidden password twice on piped stdin', async () => {
    const result = await runCli(['create-admin', '--email', 'piped@example.com'], {
      cwd: dir.path,
      input: `${PASSWORD}\n${PASSWORD}\n`,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('? Password: \n? Repeat for confirmation: \n');
    expect(result.stdout).not.toContain(PASSWORD);
    expect(result.stderr).toMatch(
      /^User piped@example\.com created as admin \(id=[0-9a-f]{32}\)\.\n$/,
    );
  });

  it('mismatched piped passwords: exit 2, nothing created', async () => {
    const result = await runCli(['create-admin', '--email', 'piped@example.com'], {
      cwd: dir.path,
      input: `${PASSWORD}\nsomething else\n`,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('regstack: The two entered values do not match.\n');
    expect(existsSync(join(dir.path, 'app.db'))).toBe(false);
  });

  it('no password on stdin at all: exit 2', async () => {
    const result = await runCli(['create-admin', '--email', 'piped@example.com'], {
      cwd: dir.path,
      input: '',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('regstack: Password: an answer is required (or pass --password)\n');
  });

  it.each([
    ['--password', 'short'],
    ['--password', '😀😀😀😀😀😀😀'],
  ])('a password under 8 code points (%s %s) is a usage error, exit 2', async (flag, value) => {
    const result = await runCli(['create-admin', '--email', 'a@example.com', flag, value], {
      cwd: dir.path,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('regstack: Password must be at least 8 characters.\n');
    expect(existsSync(join(dir.path, 'app.db'))).toBe(false);
  });

  it('8 code points are enough even when they are 16 UTF-16 units', async () => {
    const result = await runCli(
      ['create-admin', '--email', 'emoji@example.com', '--password', '😀😀😀😀😀😀😀😀'],
      { cwd: dir.path },
    );
    expect(result.code).toBe(0);
  });

  it('a short piped password is rejected the same way', async () => {
    const result = await runCli(['create-admin', '--email', 'a@example.com'], {
      cwd: dir.path,
      input: 'short\nshort\n',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('regstack: Password must be at least 8 characters.\n');
  });

  it.each([
    [
      ['--email', 'not-an-email', '--password', PASSWORD],
      'regstack: --email: An email address must have an @-sign.\n',
    ],
    [
      ['--email', 'x@host.invalid', '--password', PASSWORD],
      expect.stringMatching(/^regstack: --email: .+\n$/),
    ],
    [
      ['--password', PASSWORD],
      "error: required option '--email <address>' not specified\n(add --help for usage)\n",
    ],
    [
      ['--email', 'a@example.com', '--password', PASSWORD, '--config', 'missing.toml'],
      'regstack: --config missing.toml: no such file\n',
    ],
    [
      ['--email', 'a@example.com', '--password', PASSWORD, 'extra'],
      expect.stringMatching(/^error: too many arguments/),
    ],
  ])('usage error %j → exit 2, one line', async (args, stderr) => {
    const result = await runCli(['create-admin', ...args], { cwd: dir.path });
    expect(result.code).toBe(2);
    expect(result.stderr).toEqual(stderr);
    expect(existsSync(join(dir.path, 'app.db'))).toBe(false);
  });

  it('a broken config: one line naming the field, exit 1', async () => {
    writeProject(dir.path, 'jwt_ttl_seconds = 5\n', { REGSTACK_JWT_SECRET: GOOD_SECRET });
    const result = await runCli(
      ['create-admin', '--email', 'a@example.com', '--password', PASSWORD],
      {
        cwd: dir.path,
      },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `regstack: Invalid regstack configuration (1 problem): jwt_ttl_seconds: must be >= 60 (from ${join(dir.path, 'regstack.toml')})\n`,
    );
  });

  it('reads --config PATH', async () => {
    const other = join(dir.path, 'conf.toml');
    writeFileSync(other, `${FAST_HASH}database_url = "sqlite:///${join(dir.path, 'other.db')}"\n`);
    writeProject(dir.path, '', { REGSTACK_JWT_SECRET: GOOD_SECRET });
    const result = await runCli(
      ['create-admin', '--email', 'c@example.com', '--password', PASSWORD, '--config', other],
      { cwd: dir.path },
    );
    expect(result.code).toBe(0);
    expect(existsSync(join(dir.path, 'other.db'))).toBe(true);
    expect(existsSync(join(dir.path, 'app.db'))).toBe(false);
  });

  it('on a terminal the password prompt is hidden and confirmed', async () => {
    const result = await runCliInPty(['create-admin', '--email', 'tty@example.com'], {
      cwd: dir.path,
      answer: () => `${PASSWORD}\r`,
    });
    expect(result.code).toBe(0);
    expect(result.prompts).toBe(2);
    expect(result.screen).toContain('Password');
    expect(result.screen).toContain('Repeat for confirmation');
    expect(result.screen).not.toContain(PASSWORD);
    expect(result.screen).toMatch(/User tty@example\.com created as admin \(id=[0-9a-f]{32}\)\./);
  });
});

describe('regstack create-admin on PostgreSQL', SPAWNS, () => {
  let schema: PgTestSchema;
  beforeEach(async () => {
    schema = await createPgTestSchema();
  });
  afterEach(async () => {
    await schema.drop();
  });

  it('migrates the schema, creates, then promotes on the second run', async () => {
    const env = { REGSTACK_DATABASE_URL: schema.url };
    const first = await runCli(
      ['create-admin', '--email', 'pg@example.com', '--password', PASSWORD],
      {
        cwd: dir.path,
        env,
      },
    );
    expect(first.stderr).toMatch(/^User pg@example\.com created as admin \(id=[0-9a-f]{32}\)\.\n$/);
    expect(first.code).toBe(0);
    const second = await runCli(
      ['create-admin', '--email', 'pg@example.com', '--password', PASSWORD],
      {
        cwd: dir.path,
        env,
      },
    );
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('promoted to admin');
    const user = await withStorage(
      (storage) => storage.users.getByEmail('pg@example.com'),
      schema.url,
    );
    expect(user?.isSuperuser).toBe(true);
  });
});
