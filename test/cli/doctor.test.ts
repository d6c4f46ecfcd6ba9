import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LATEST_MIGRATION } from '../../src/storage/sql/migrations/registry.js';
import {
  createPgTestSchema,
  createTempDir,
  type PgTestSchema,
  type TempDir,
} from '../support/db.js';
import { createMongoTestDatabase, type MongoTestDatabase } from '../support/mongo-db.js';
import { headerOf, type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { ensureBuilt, GOOD_SECRET, lines, runCli, SPAWNS, writeProject } from './run-cli.js';

// `regstack doctor` (spec §12.3 with Decisions 20, 24 and 37; TS-CONTRACT §16).

let dir: TempDir;

beforeAll(() => ensureBuilt(), 180_000);
beforeEach(async () => {
  dir = await createTempDir('regstack-cli-doctor-');
});
afterEach(async () => {
  await dir.remove();
});

/** A project on a SQLite file in the temp dir; `toml` is appended to the app name line. */
function project(toml = '', secrets: Record<string, string> = {}): void {
  writeProject(dir.path, `app_name = "DocApp"\n${toml}`, {
    REGSTACK_JWT_SECRET: GOOD_SECRET,
    REGSTACK_DATABASE_URL: 'sqlite+aiosqlite:///./doc.sqlite',
    ...secrets,
  });
}

const marks = (stdout: string): string[] =>
  lines(stdout)
    .filter((line) => /^[✔✘!] /.test(line))
    .map((line) => line.slice(0, line.indexOf(':')));

describe('regstack doctor on SQLite', SPAWNS, () => {
  it('a fresh project: one failure (schema), exit 1, nothing created', async () => {
    project();
    const result = await runCli(['doctor'], { cwd: dir.path });
    const toml = join(dir.path, 'regstack.toml');
    const secrets = join(dir.path, 'regstack.secrets.env');
    expect(result.stdout).toBe(
      [
        `✔ config: valid (read ${toml}, ${secrets})`,
        `✔ jwt secret: present (${GOOD_SECRET.length} chars)`,
        `✔ backend: sqlite file ${join(dir.path, 'doc.sqlite')} does not exist yet; \`regstack migrate\` creates it`,
        `✘ schema: not installed (run \`regstack migrate\`); bundled head is ${LATEST_MIGRATION}`,
        '! email backend: console → messages are printed to stderr, not delivered',
        '✔ sms backend: null (SMS 2FA is off)',
        '',
      ].join('\n'),
    );
    expect(result.stderr).toBe('\n1 check(s) failed.\n');
    expect(result.code).toBe(1);
    expect(existsSync(join(dir.path, 'doc.sqlite'))).toBe(false);
  });

  it('after migrate: every check passes, exit 0', async () => {
    project();
    expect((await runCli(['migrate'], { cwd: dir.path })).code).toBe(0);
    const result = await runCli(['doctor'], { cwd: dir.path });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '✔ backend: sqlite reachable at sqlite+aiosqlite:///./doc.sqlite\n',
    );
    expect(result.stdout).toContain(`✔ schema: at head (${LATEST_MIGRATION})\n`);
    expect(result.stdout).toContain('\nAll checks passed (1 warning(s)).\n');
    expect(result.stderr).toBe('');
  });

  it('an older schema is a failure naming both revisions', async () => {
    project();
    await runCli(['migrate', '--target', '0002'], { cwd: dir.path });
    const result = await runCli(['doctor'], { cwd: dir.path });
    expect(result.stdout).toContain(
      `✘ schema: deployed revision 0002 ≠ bundled head ${LATEST_MIGRATION} (run \`regstack migrate\`)\n`,
    );
    expect(result.code).toBe(1);
  });

  it.each([
    [{}, '✘ jwt secret: missing — run `regstack init`'],
    [{ REGSTACK_JWT_SECRET: 'short-secret' }, '✘ jwt secret: too short (12 chars; need ≥32)'],
    [
      { REGSTACK_JWT_SECRET: 'a'.repeat(40) },
      '✘ jwt secret: too weak (40 chars, all the same character)',
    ],
  ])('a weak JWT secret %j is a failed check', async (secrets, line) => {
    writeProject(dir.path, 'app_name = "DocApp"\n', {
      REGSTACK_DATABASE_URL: 'sqlite+aiosqlite:///./doc.sqlite',
      ...secrets,
    });
    const result = await runCli(['doctor'], { cwd: dir.path });
    expect(lines(result.stdout)).toContain(line);
    expect(result.code).toBe(2); // the secret and the missing schema
    expect(result.stderr).toBe('\n2 check(s) failed.\n');
  });

  it('the exit code is the number of failed checks; warnings do not count', async () => {
    project(
      'base_url = "http://app.example.com"\nrate_limit_disabled = true\n[email]\nbackend = "smtp"\nsmtp_host = "127.0.0.1"\nsmtp_port = 1\nsmtp_starttls = false\n',
      { REGSTACK_JWT_SECRET: 'tiny' },
    );
    const result = await runCli(['doctor'], { cwd: dir.path });
    expect(marks(result.stdout)).toEqual([
      '✔ config',
      '✘ jwt secret',
      '✔ backend',
      '✘ schema',
      '✘ email backend',
      '✔ sms backend',
      '! security',
      '! security',
      '! security',
    ]);
    expect(result.stdout).toContain(
      '! security: null SMS backend with non-local base_url http://app.example.com/: SMS codes are printed instead of sent\n',
    );
    expect(result.stdout).toContain(
      '! security: base_url http://app.example.com/ is plain http on a non-local host; use https://\n',
    );
    expect(result.stdout).toContain(
      '! security: rate_limit_disabled is true: no login lockout and no per-IP limits\n',
    );
    expect(result.stdout).toMatch(
      /✘ email backend: smtp → 127\.0\.0\.1:1, plaintext: .*ECONNREFUSED/,
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('\n3 check(s) failed.\n');
  });

  it('console email with a non-local base_url is a security warning (Decision 20)', async () => {
    project('base_url = "https://app.example.com"\n');
    const result = await runCli(['doctor'], { cwd: dir.path });
    expect(result.stdout).toContain(
      '! security: console email backend with non-local base_url https://app.example.com/: emails, links included, are printed instead of sent\n',
    );
    expect(result.stdout).not.toContain('plain http');
    expect(result.code).toBe(1);
  });

  it('a broken config: one failed check naming the field, exit 1', async () => {
    project('jwt_ttl_seconds = 5\n');
    const result = await runCli(['doctor'], { cwd: dir.path });
    expect(result.stdout).toBe(
      `✘ config: Invalid regstack configuration (1 problem): jwt_ttl_seconds: must be >= 60 (from ${join(dir.path, 'regstack.toml')})\n`,
    );
    expect(result.stderr).toBe('\n1 check(s) failed.\n');
    expect(result.code).toBe(1);
  });

  it('reports environment variables among the sources', async () => {
    project();
    const result = await runCli(['doctor'], {
      cwd: dir.path,
      env: { REGSTACK_APP_NAME: 'FromEnv', REGSTACK_JWT_TTL_SECONDS: '600' },
    });
    expect(lines(result.stdout)[0]).toMatch(
      /^✔ config: valid \(read .+regstack\.toml, .+regstack\.secrets\.env; 2 REGSTACK_\* environment variable\(s\)\)$/,
    );
  });

  it('an unrecognised database URL is a failed backend check, password masked', async () => {
    project('', { REGSTACK_DATABASE_URL: 'mysql://root:topsecretpw@db/x' });
    const result = await runCli(['doctor'], { cwd: dir.path });
    expect(result.stdout).toContain(
      "✘ backend: Unrecognised database_url scheme: 'mysql://root:***@db/x'. Expected one of: sqlite+aiosqlite://, postgresql+asyncpg://, mongodb://.\n",
    );
    expect(result.stdout + result.stderr).not.toContain('topsecretpw');
    expect(result.code).toBe(1);
  });

  it.each([
    [['--config', 'nope.toml'], 'regstack: --config nope.toml: no such file\n'],
    [
      ['--send-test-email', 'nobody'],
      'regstack: --send-test-email: An email address must have an @-sign.\n',
    ],
    [
      ['--dns-timeout', 'fast'],
      'regstack: --dns-timeout fast: not a number of milliseconds (1-60000)\n',
    ],
    [['--verbose'], "error: unknown option '--verbose'\n(add --help for usage)\n"],
  ])('usage error %j → exit 2', async (args, stderr) => {
    project();
    const result = await runCli(['doctor', ...args], { cwd: dir.path });
    expect(result.stderr).toBe(stderr);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(2);
  });
});

describe('regstack doctor --check-dns', SPAWNS, () => {
  it('an unresolvable sender domain fails MX, SPF and DMARC quickly, without crashing', async () => {
    project('[email]\nfrom_address = "noreply@regstack-doctor.invalid"\n');
    await runCli(['migrate'], { cwd: dir.path });
    const result = await runCli(['doctor', '--check-dns', '--dns-timeout', '300'], {
      cwd: dir.path,
    });
    const dns = lines(result.stdout).filter((line) => line.includes(' dns '));
    expect(dns).toHaveLength(3);
    expect(dns[0]).toMatch(/^✘ dns mx: regstack-doctor\.invalid → \S/);
    expect(dns[1]).toMatch(/^✘ dns spf: regstack-doctor\.invalid → \S/);
    expect(dns[2]).toMatch(/^✘ dns dmarc: _dmarc\.regstack-doctor\.invalid → \S/);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('\n3 check(s) failed.\n');
    expect(result.ms).toBeLessThan(30_000);
  });
});

describe('regstack doctor with SMTP', SPAWNS, () => {
  let sink: SmtpSink;
  beforeEach(async () => {
    sink = await startSmtpSink({ auth: { username: 'mailer', password: 'smtp-pass-123' } });
  });
  afterEach(async () => {
    await sink.close();
  });

  const smtpProject = (password: string): void =>
    project(
      `[email]\nbackend = "smtp"\nfrom_address = "noreply@docapp.example.com"\nsmtp_host = "${sink.host}"\nsmtp_port = ${sink.port}\nsmtp_starttls = false\nsmtp_username = "mailer"\n`,
      { REGSTACK_EMAIL__SMTP_PASSWORD: password },
    );

  it('connects and logs in; --send-test-email delivers the probe', async () => {
    smtpProject('smtp-pass-123');
    await runCli(['migrate'], { cwd: dir.path });
    const result = await runCli(['doctor', '--send-test-email', 'Ops@Example.com'], {
      cwd: dir.path,
    });
    expect(result.stdout).toContain(
      `✔ email backend: smtp → connected to ${sink.host}:${sink.port}, plaintext, user mailer\n`,
    );
    expect(result.stdout).toContain('✔ email send: probe delivered to ops@example.com via smtp\n');
    expect(result.code).toBe(0);
    expect(sink.messages).toHaveLength(1);
    const [probe] = sink.messages;
    expect(probe?.envelopeTo).toEqual(['ops@example.com']);
    expect(headerOf(probe?.raw ?? '', 'subject')).toBe('[DocApp] regstack doctor probe');
    expect(result.stdout).not.toContain('smtp-pass-123');
  });

  it('a rejected login is a failed check that does not print the password', async () => {
    smtpProject('wrong-password-456');
    await runCli(['migrate'], { cwd: dir.path });
    const result = await runCli(['doctor', '--send-test-email', 'ops@example.com'], {
      cwd: dir.path,
    });
    expect(result.stdout).toMatch(
      /✘ email backend: smtp → 127\.0\.0\.1:\d+, plaintext, user mailer: .+/,
    );
    expect(result.stdout).toMatch(/✘ email send: send failed: .+/);
    expect(result.stdout + result.stderr).not.toContain('wrong-password-456');
    expect(result.code).toBe(2);
    expect(sink.messages).toHaveLength(0);
  });
});

describe('regstack doctor --send-test-email with the console backend', SPAWNS, () => {
  it('prints the probe to stderr and passes', async () => {
    project();
    await runCli(['migrate'], { cwd: dir.path });
    const result = await runCli(['doctor', '--send-test-email', 'me@example.com'], {
      cwd: dir.path,
    });
    expect(result.stdout).toContain(
      '✔ email send: probe delivered to me@example.com via console\n',
    );
    expect(result.stderr).toContain('Subject: [DocApp] regstack doctor probe');
    expect(result.code).toBe(0);
  });
});

describe('regstack doctor on PostgreSQL', SPAWNS, () => {
  let schema: PgTestSchema;
  beforeEach(async () => {
    schema = await createPgTestSchema();
  });
  afterEach(async () => {
    await schema.drop();
  });

  it('a migrated schema is healthy: exit 0, URL masked', async () => {
    // The local server trusts loopback, so a password in the URL is accepted and unused.
    const url = schema.url.replace('postgres@', 'postgres:pg-secret-789@');
    const env = { REGSTACK_DATABASE_URL: url };
    project();
    expect((await runCli(['migrate'], { cwd: dir.path, env })).code).toBe(0);
    const result = await runCli(['doctor'], { cwd: dir.path, env });
    expect(result.stdout).toMatch(
      /✔ backend: postgres reachable at postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:5432\/test/,
    );
    expect(result.stdout).toContain(`✔ schema: at head (${LATEST_MIGRATION})\n`);
    expect(result.stdout + result.stderr).not.toContain('pg-secret-789');
    expect(result.code).toBe(0);
  });

  it('an empty schema fails the schema check only', async () => {
    project();
    const result = await runCli(['doctor'], {
      cwd: dir.path,
      env: { REGSTACK_DATABASE_URL: schema.url },
    });
    expect(marks(result.stdout)).toContain('✘ schema');
    expect(result.code).toBe(1);
  });

  it('an unreachable server is one failed check and never shows the password', async () => {
    project();
    const result = await runCli(['doctor'], {
      cwd: dir.path,
      env: { REGSTACK_DATABASE_URL: 'postgresql://admin:do-not-print-me@127.0.0.1:1/app' },
    });
    expect(result.stdout).toContain(
      '✘ backend: postgres unreachable: Cannot connect to PostgreSQL at postgresql://admin:***@127.0.0.1:1/app: connect ECONNREFUSED 127.0.0.1:1\n',
    );
    expect(marks(result.stdout)).not.toContain('✘ schema');
    expect(result.stdout + result.stderr).not.toContain('do-not-print-me');
    expect(result.code).toBe(1);
  });
});

describe('regstack doctor --help', SPAWNS, () => {
  it('names every option', async () => {
    const result = await runCli(['doctor', '--help'], { cwd: dir.path });
    expect(result.code).toBe(0);
    for (const flag of ['--config', '--check-dns', '--send-test-email', '--dns-timeout']) {
      expect(result.stdout).toContain(flag);
    }
  });
});

describe('regstack doctor on MongoDB (jongodb)', SPAWNS, () => {
  let database: MongoTestDatabase;
  beforeEach(() => {
    database = createMongoTestDatabase();
  });
  afterEach(async () => {
    await database.drop();
  });

  it('before migrate the schema check names the missing indexes; after it every check passes', async () => {
    const env = { REGSTACK_DATABASE_URL: database.url };
    project();
    const before = await runCli(['doctor'], { cwd: dir.path, env });
    expect(before.stdout).toContain(`✔ backend: mongo reachable at ${database.url}\n`);
    expect(before.stdout).toMatch(
      /✘ schema: missing: users\.email_unique, users\.created_at_listing, token_blacklist\.jti_unique, .*\(run `regstack migrate` or call installSchema\(\)\)\n/,
    );
    expect(before.code).toBe(1);

    expect((await runCli(['migrate'], { cwd: dir.path, env })).code).toBe(0);
    const after = await runCli(['doctor'], { cwd: dir.path, env });
    expect(after.stdout).toContain('✔ schema: core indexes present\n');
    expect(after.code).toBe(0);
  });

  it('uses the configured collection names', async () => {
    const env = { REGSTACK_DATABASE_URL: database.url, REGSTACK_USER_COLLECTION: 'accounts' };
    project();
    const result = await runCli(['doctor'], { cwd: dir.path, env });
    expect(result.stdout).toMatch(/✘ schema: missing: accounts\.email_unique, /);
  });

  it('an unreachable server is one failed check and never shows the password', async () => {
    project();
    const result = await runCli(['doctor'], {
      cwd: dir.path,
      env: {
        REGSTACK_DATABASE_URL:
          'mongodb://admin:do-not-print-me@127.0.0.1:1/app?serverSelectionTimeoutMS=500',
      },
    });
    expect(result.stdout).toContain(
      '✘ backend: mongo unreachable: Cannot reach MongoDB at mongodb://admin:***@127.0.0.1:1/app',
    );
    expect(marks(result.stdout)).not.toContain('✘ schema');
    expect(result.stdout + result.stderr).not.toContain('do-not-print-me');
    expect(result.code).toBe(1);
  });
});
