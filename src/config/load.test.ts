import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/errors.js';
import { configFromOverrides, loadConfig, loadConfigWithSources } from './load.js';
import { Secret } from './secret.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'regstack-config-'));
  made.push(dir);
  return dir;
}

function write(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function loadError(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('precedence: defaults < toml < secrets file < env < overrides', () => {
  const dir = tempDir();
  const tomlPath = write(
    dir,
    'regstack.toml',
    'app_name = "from toml"\nbrand_tagline = "toml tagline"\njwt_ttl_seconds = 100\nsms_code_length = 7\ncookie_name = "toml_cookie"\n',
  );
  const secretsPath = write(
    dir,
    'regstack.secrets.env',
    'REGSTACK_BRAND_TAGLINE=secrets tagline\nREGSTACK_JWT_TTL_SECONDS=200\nREGSTACK_SMS_CODE_LENGTH=8\n',
  );
  const env = { REGSTACK_JWT_TTL_SECONDS: '300', REGSTACK_SMS_CODE_LENGTH: '9' };

  it('lets each layer beat the one below, and reports where each value came from', () => {
    const { config, sources } = loadConfigWithSources({
      cwd: dir,
      env,
      overrides: { sms_code_length: 10 },
    });
    expect(config.api_prefix).toBe('/api/auth');
    expect(config.app_name).toBe('from toml');
    expect(config.brand_tagline).toBe('secrets tagline');
    expect(config.jwt_ttl_seconds).toBe(300);
    expect(config.sms_code_length).toBe(10);
    expect(sources).toMatchObject({
      api_prefix: 'default',
      app_name: tomlPath,
      brand_tagline: secretsPath,
      jwt_ttl_seconds: 'env REGSTACK_JWT_TTL_SECONDS',
      sms_code_length: 'override',
      'email.backend': 'default',
    });
  });

  it('reads the files only when discovery is on or their paths are given', () => {
    expect(loadConfig({ cwd: dir, env: {}, discover: false }).app_name).toBe('RegStack');
    const explicit = loadConfig({ cwd: '/', env: {}, discover: false, tomlPath, secretsPath });
    expect(explicit.app_name).toBe('from toml');
    expect(explicit.jwt_ttl_seconds).toBe(200);
  });

  it('reports the files it read', () => {
    const loaded = loadConfigWithSources({ cwd: dir, env: {} });
    expect(loaded.tomlPath).toBe(tomlPath);
    expect(loaded.secretsPath).toBe(secretsPath);
  });
});

describe('discovery (spec §2.5)', () => {
  it('uses $REGSTACK_CONFIG over ./regstack.toml, relative to cwd', () => {
    const dir = tempDir();
    write(dir, 'regstack.toml', 'app_name = "cwd"\n');
    mkdirSync(join(dir, 'conf'));
    write(dir, 'conf/other.toml', 'app_name = "env-named"\n');
    expect(loadConfig({ cwd: dir, env: {} }).app_name).toBe('cwd');
    expect(loadConfig({ cwd: dir, env: { REGSTACK_CONFIG: 'conf/other.toml' } }).app_name).toBe(
      'env-named',
    );
  });

  it('reads no TOML when $REGSTACK_CONFIG names a missing file, even if ./regstack.toml exists', () => {
    const dir = tempDir();
    write(dir, 'regstack.toml', 'app_name = "cwd"\n');
    const loaded = loadConfigWithSources({
      cwd: dir,
      env: { REGSTACK_CONFIG: join(dir, 'missing.toml') },
    });
    expect(loaded.config.app_name).toBe('RegStack');
    expect(loaded.tomlPath).toBeUndefined();
  });

  it('prefers an explicit tomlPath over $REGSTACK_CONFIG', () => {
    const dir = tempDir();
    const explicit = write(dir, 'a.toml', 'app_name = "explicit"\n');
    const named = write(dir, 'b.toml', 'app_name = "named"\n');
    expect(
      loadConfig({ cwd: dir, env: { REGSTACK_CONFIG: named }, tomlPath: explicit }).app_name,
    ).toBe('explicit');
  });

  it('skips paths that are not regular files (a directory, the null device)', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'regstack.toml'));
    mkdirSync(join(dir, 'regstack.secrets.env'));
    expect(loadConfig({ cwd: dir, env: {} }).app_name).toBe('RegStack');
    expect(
      loadConfig({ cwd: dir, env: {}, tomlPath: '/dev/null', secretsPath: '/dev/null' }).app_name,
    ).toBe('RegStack');
  });

  it('does not let $REGSTACK_CONFIG move the secrets file', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'conf'));
    write(dir, 'conf/regstack.toml', '');
    write(dir, 'conf/regstack.secrets.env', 'REGSTACK_APP_NAME=conf\n');
    write(dir, 'regstack.secrets.env', 'REGSTACK_APP_NAME=cwd\n');
    const config = loadConfig({ cwd: dir, env: { REGSTACK_CONFIG: 'conf/regstack.toml' } });
    expect(config.app_name).toBe('cwd');
  });

  it('uses process.env and process.cwd() by default without failing', () => {
    expect(loadConfig({ discover: false }).jwt_secret).toBeInstanceOf(Secret);
  });
});

describe('sources', () => {
  it('maps TOML tables and arrays; keys are case-insensitive; unknown keys are ignored', () => {
    const dir = tempDir();
    const tomlPath = write(
      dir,
      'regstack.toml',
      [
        'Enable_OAuth = true',
        'extra_template_dirs = ["/srv/a", "/srv/b"]',
        'unknown_key = 1',
        '[email]',
        'backend = "smtp"',
        'smtp_port = 465',
        'smtp_use_tls = true',
        'unknown = "x"',
        '[oauth]',
        'google_client_id = "12345.apps.googleusercontent.com"',
        '[unknown_table]',
        'x = 1',
      ].join('\n'),
    );
    const config = loadConfig({ tomlPath, env: {}, discover: false });
    expect(config.enable_oauth).toBe(true);
    expect(config.extra_template_dirs).toEqual(['/srv/a', '/srv/b']);
    expect(config.email.backend).toBe('smtp');
    expect(config.email.smtp_port).toBe(465);
    expect(config.email.smtp_use_tls).toBe(true);
    expect(config.oauth.google_client_id).toBe('12345.apps.googleusercontent.com');
  });

  it('reads env names in any case, nested with __, lists as JSON or commas', () => {
    const config = loadConfig({
      discover: false,
      env: {
        regstack_email__smtp_host: 'smtp.example.com',
        REGSTACK_EMAIL__SMTP_STARTTLS: 'No',
        REGSTACK_SMS__BACKEND: 'twilio',
        REGSTACK_OAUTH__AUTO_LINK_VERIFIED_EMAILS: 'YES',
        REGSTACK_EXTRA_TEMPLATE_DIRS: '["/a", "/b"]',
        REGSTACK_EXTRA_STATIC_DIRS: '/c, /d',
        REGSTACK_OAUTH__GOOGLE_CLIENT_SECRET: 'gcs',
        REGSTACK_NOT_A_SETTING: 'ignored',
      },
    });
    expect(config.email.smtp_host).toBe('smtp.example.com');
    expect(config.email.smtp_starttls).toBe(false);
    expect(config.sms.backend).toBe('twilio');
    expect(config.oauth.auto_link_verified_emails).toBe(true);
    expect(config.extra_template_dirs).toEqual(['/a', '/b']);
    expect(config.extra_static_dirs).toEqual(['/c', '/d']);
    expect(config.oauth.google_client_secret?.reveal()).toBe('gcs');
  });

  it('reads the secrets file with the env names and format', () => {
    const dir = tempDir();
    write(
      dir,
      'regstack.secrets.env',
      '# secrets\nREGSTACK_JWT_SECRET="quoted secret"\nregstack_database_url = postgresql://u:p@db/app\nREGSTACK_SMS__TWILIO_AUTH_TOKEN=\'tok\'\nOTHER=1\n',
    );
    const config = loadConfig({ cwd: dir, env: {} });
    expect(config.jwt_secret.reveal()).toBe('quoted secret');
    expect(config.database_url.reveal()).toBe('postgresql://u:p@db/app');
    expect(config.sms.twilio_auth_token?.reveal()).toBe('tok');
  });
});

describe('overrides', () => {
  it('accepts plain strings or Secrets for secret fields', () => {
    expect(configFromOverrides({ jwt_secret: 'abc' }).jwt_secret.reveal()).toBe('abc');
    expect(
      configFromOverrides({ database_url: new Secret('sqlite:///x.db') }).database_url.reveal(),
    ).toBe('sqlite:///x.db');
  });

  it('replaces a whole sub-config: lower layers of it are dropped, defaults fill the rest', () => {
    const dir = tempDir();
    write(
      dir,
      'regstack.toml',
      '[email]\nfrom_name = "Toml Name"\nsmtp_port = 2525\n[sms]\nbackend = "sns"\n',
    );
    const loaded = loadConfigWithSources({
      cwd: dir,
      env: { REGSTACK_EMAIL__SMTP_HOST: 'env-host', REGSTACK_SMS__FROM_NUMBER: '+15550100' },
      overrides: { email: { backend: 'smtp', smtp_host: 'override-host' } },
    });
    expect(loaded.config.email).toMatchObject({
      backend: 'smtp',
      smtp_host: 'override-host',
      from_name: 'RegStack',
      smtp_port: 587,
    });
    expect(loaded.sources['email.smtp_host']).toBe('override');
    expect(loaded.sources['email.smtp_port']).toBe('default');
    // A sub-config not overridden keeps its merged values.
    expect(loaded.config.sms).toMatchObject({ backend: 'sns', from_number: '+15550100' });
  });

  it('treats undefined as not given', () => {
    const config = loadConfig({
      discover: false,
      env: { REGSTACK_APP_NAME: 'env' },
      overrides: { app_name: undefined, email: undefined },
    });
    expect(config.app_name).toBe('env');
  });

  it('can set a nullable field back to null', () => {
    const config = loadConfig({
      discover: false,
      env: { REGSTACK_JWT_AUDIENCE: 'aud' },
      overrides: { jwt_audience: null },
    });
    expect(config.jwt_audience).toBeNull();
  });

  it('validates override values like any other source', () => {
    const error = loadError(() => configFromOverrides({ jwt_ttl_seconds: 30 }));
    expect(error.message).toContain('jwt_ttl_seconds: must be >= 60 (from override)');
  });

  it('reports a sub-config that is not an object', () => {
    const overrides = JSON.parse('{"email": "smtp"}') as Parameters<typeof configFromOverrides>[0];
    const error = loadError(() => configFromOverrides(overrides));
    expect(error.message).toContain('email: must be an object of settings (from override)');
  });
});

describe('errors', () => {
  it('names the field and the source of a range violation', () => {
    const error = loadError(() =>
      loadConfig({ discover: false, env: { REGSTACK_JWT_TTL_SECONDS: '30' } }),
    );
    expect(error.message).toBe(
      'Invalid regstack configuration (1 problem):\n  jwt_ttl_seconds: must be >= 60 (from env REGSTACK_JWT_TTL_SECONDS)',
    );
  });

  it('collects every problem from every source into one error', () => {
    const dir = tempDir();
    const tomlPath = write(
      dir,
      'regstack.toml',
      'sms_code_length = 3\n[email]\nfrom_address = "nope"\n',
    );
    const secretsPath = write(dir, 'regstack.secrets.env', 'REGSTACK_BASE_URL=ftp://x\n');
    const error = loadError(() =>
      loadConfig({
        cwd: dir,
        env: { REGSTACK_ENABLE_OAUTH: 'maybe', regstack_email__smtp_port: '1.5' },
        overrides: { jwt_algorithm: 'RS256' as 'HS256' },
      }),
    );
    expect(error.message.split('\n')).toEqual([
      'Invalid regstack configuration (6 problems):',
      `  base_url: must be an http(s) URL with a host (from ${secretsPath})`,
      '  jwt_algorithm: must be one of HS256, HS384, HS512 (from override)',
      `  sms_code_length: must be >= 4 (from ${tomlPath})`,
      '  enable_oauth: must be true or false (or 1/0, yes/no) (from env REGSTACK_ENABLE_OAUTH)',
      `  email.from_address: must be an email address (from ${tomlPath})`,
      '  email.smtp_port: must be an integer (from env regstack_email__smtp_port)',
    ]);
  });

  it('names the file and line of a TOML syntax error, without its text', () => {
    const dir = tempDir();
    const tomlPath = write(dir, 'regstack.toml', 'app_name = "ok"\njwt_secret = "s3cr3t-in-toml\n');
    const error = loadError(() => loadConfig({ cwd: dir, env: {} }));
    expect(error.message).toMatch(
      new RegExp(`${tomlPath}: Invalid TOML document: .+ \\(line 2, column \\d+\\)$`, 'm'),
    );
    expect(error.message).not.toContain('s3cr3t-in-toml');
  });

  it('reports a TOML sub-config that is not a table', () => {
    const dir = tempDir();
    const tomlPath = write(dir, 'regstack.toml', 'email = "smtp"\n');
    const error = loadError(() => loadConfig({ tomlPath, env: {} }));
    expect(error.message).toContain(`email: must be a table of settings (from ${tomlPath})`);
  });

  // A mode-000 file only fails for users other than root; /proc/self/mem is a regular
  // file that fails to read for everyone (EIO), so the check runs as root too.
  it('reports a file that cannot be read', () => {
    const tomlPath = '/proc/self/mem';
    const error = loadError(() => loadConfig({ tomlPath, env: {} }));
    expect(error.message).toContain(`${tomlPath}: cannot be read (EIO)`);
  });
});

describe('secrets never leak', () => {
  const jwtSecret = 'jwt-SECRET-value-9f8e7d';
  const password = 'db-PASSWORD-4c3b2a';
  const databaseUrl = `postgresql://app:${password}@db.example.com/app`;

  it('keeps secret values out of validation errors', () => {
    const error = loadError(() =>
      loadConfig({
        discover: false,
        env: {
          REGSTACK_JWT_SECRET: jwtSecret,
          REGSTACK_DATABASE_URL: databaseUrl,
          REGSTACK_JWT_TTL_SECONDS: jwtSecret,
          REGSTACK_BASE_URL: databaseUrl,
        },
        overrides: { email: { smtp_password: 42 as unknown as string } },
      }),
    );
    expect(error.message).toContain('email.smtp_password: must be a string (from override)');
    expect(error.message).not.toContain(jwtSecret);
    expect(error.message).not.toContain(password);
  });

  it('masks secrets in JSON.stringify and util.inspect of the config', () => {
    const config = loadConfig({
      discover: false,
      env: {
        REGSTACK_JWT_SECRET: jwtSecret,
        REGSTACK_DATABASE_URL: databaseUrl,
        REGSTACK_EMAIL__SMTP_PASSWORD: password,
        REGSTACK_SMS__TWILIO_AUTH_TOKEN: password,
        REGSTACK_OAUTH__GOOGLE_CLIENT_SECRET: password,
      },
    });
    for (const printed of [
      JSON.stringify(config),
      inspect(config, { depth: null }),
      String(config.jwt_secret),
    ]) {
      expect(printed).not.toContain(jwtSecret);
      expect(printed).not.toContain(password);
      expect(printed).toContain('**********');
    }
    expect(config.jwt_secret.reveal()).toBe(jwtSecret);
    expect(config.database_url.reveal()).toBe(databaseUrl);
  });
});

describe('the result', () => {
  it('is deep-frozen, secrets and lists included', () => {
    const config = configFromOverrides({
      jwt_secret: 'x',
      extra_template_dirs: ['/a'],
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.email)).toBe(true);
    expect(Object.isFrozen(config.sms)).toBe(true);
    expect(Object.isFrozen(config.oauth)).toBe(true);
    expect(Object.isFrozen(config.extra_template_dirs)).toBe(true);
    expect(Object.isFrozen(config.jwt_secret)).toBe(true);
    expect(() => {
      (config as { app_name: string }).app_name = 'changed';
    }).toThrow(TypeError);
  });

  it('normalises base_url', () => {
    expect(configFromOverrides({ base_url: 'http://LOCALHOST:8000' }).base_url).toBe(
      'http://localhost:8000/',
    );
  });
});
