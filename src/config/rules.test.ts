import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/errors.js';
import { configFromOverrides } from './load.js';
import type { ConfigOverrides } from './overrides.js';
import { checkConstructionRules, isRecognisedDatabaseUrl, mongoDatabaseFromUrl } from './rules.js';
import type { RegstackConfig } from './schema.js';

const valid: ConfigOverrides = { jwt_secret: 'a-long-random-secret-of-forty-characters' };

function check(overrides: ConfigOverrides): () => void {
  const config = configFromOverrides({ ...valid, ...overrides });
  return () => checkConstructionRules(config);
}

function messageOf(run: () => void): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

describe('checkConstructionRules (spec §2.7)', () => {
  it('passes a usable configuration', () => {
    expect(check({})).not.toThrow();
    expect(
      check({
        email: { backend: 'smtp', smtp_host: 'smtp.example.com' },
        sms: {
          backend: 'twilio',
          twilio_account_sid: 'AC1',
          twilio_auth_token: 't',
          from_number: '+15550100',
        },
      }),
    ).not.toThrow();
  });

  it('rejects an empty jwt_secret', () => {
    expect(messageOf(check({ jwt_secret: '' }))).toBe(
      'RegStackConfig.jwt_secret is empty. Run `regstack init` to generate one, or set REGSTACK_JWT_SECRET.',
    );
  });

  it('rejects a jwt_secret shorter than 32 characters, in one line that names the field', () => {
    expect(messageOf(check({ jwt_secret: 'x'.repeat(31) }))).toBe(
      'RegStackConfig.jwt_secret is too short (31 characters; at least 32 are needed). Run `regstack init` to generate one, or set REGSTACK_JWT_SECRET.',
    );
    // Characters are code points: 31 emoji are 62 UTF-16 units but still too short.
    expect(messageOf(check({ jwt_secret: '🔑'.repeat(31) }))).toContain('too short (31 characters');
    expect(check({ jwt_secret: 'x'.repeat(32) })).not.toThrow();
  });

  it('rejects an unrecognised database_url scheme, with the password masked', () => {
    expect(messageOf(check({ database_url: 'mysql://root:hunter2@db/app' }))).toBe(
      "Unrecognised database_url scheme: 'mysql://root:***@db/app'. Expected one of: sqlite+aiosqlite://, postgresql+asyncpg://, mongodb://.",
    );
    expect(messageOf(check({ database_url: 'regstack.db' }))).toBe(
      "Unrecognised database_url scheme: 'regstack.db'. Expected one of: sqlite+aiosqlite://, postgresql+asyncpg://, mongodb://.",
    );
  });

  it('requires a host for the SMTP backend', () => {
    const expected = 'EmailConfig.smtp_host is required for the SMTP backend.';
    expect(messageOf(check({ email: { backend: 'smtp' } }))).toBe(expected);
    expect(messageOf(check({ email: { backend: 'smtp', smtp_host: '' } }))).toBe(expected);
  });

  it('requires Twilio credentials, then a sender', () => {
    const both = 'Twilio backend needs both twilio_account_sid and twilio_auth_token.';
    expect(messageOf(check({ sms: { backend: 'twilio', twilio_account_sid: 'AC1' } }))).toBe(both);
    expect(messageOf(check({ sms: { backend: 'twilio', twilio_auth_token: 't' } }))).toBe(both);
    expect(
      messageOf(
        check({ sms: { backend: 'twilio', twilio_account_sid: 'AC1', twilio_auth_token: '' } }),
      ),
    ).toBe(both);
    expect(
      messageOf(
        check({ sms: { backend: 'twilio', twilio_account_sid: 'AC1', twilio_auth_token: 't' } }),
      ),
    ).toBe('Twilio backend needs a from_number.');
  });

  it('rejects unknown backends in a hand-built config', () => {
    const config = configFromOverrides(valid);
    const email = {
      ...config,
      email: { ...config.email, backend: 'x' },
    } as unknown as RegstackConfig;
    const sms = { ...config, sms: { ...config.sms, backend: 'y' } } as unknown as RegstackConfig;
    expect(messageOf(() => checkConstructionRules(email))).toBe("Unknown email backend: 'x'");
    expect(messageOf(() => checkConstructionRules(sms))).toBe("Unknown SMS backend: 'y'");
  });

  it('needs a MongoDB database name from the URL or mongodb_database', () => {
    expect(check({ database_url: 'mongodb://localhost:27017' })).not.toThrow();
    expect(
      check({ database_url: 'mongodb://localhost:27017/app', mongodb_database: '' }),
    ).not.toThrow();
    expect(
      messageOf(check({ database_url: 'mongodb://localhost:27017', mongodb_database: '' })),
    ).toBe(
      'MongoDB needs a database name: use a URL like mongodb://host:port/dbname or set mongodb_database.',
    );
  });

  it('checks jwt_secret first', () => {
    expect(messageOf(check({ jwt_secret: '', database_url: 'mysql://x' }))).toContain(
      'jwt_secret is empty',
    );
  });
});

describe('isRecognisedDatabaseUrl', () => {
  it.each([
    'sqlite:///./x.db',
    'sqlite:///:memory:',
    'sqlite+aiosqlite:///./regstack.db',
    'SQLITE+AIOSQLITE:///x.db',
    'postgresql://u@h/db',
    'postgres://u@h/db',
    'postgresql+asyncpg://u@h/db',
    'postgres+asyncpg://u@h/db',
    'mongodb://h/db',
    'mongodb+srv://cluster/db',
    'MongoDB://h',
  ])('recognises %s', (url) => {
    expect(isRecognisedDatabaseUrl(url)).toBe(true);
  });

  it.each(['mysql://h/db', 'sqlite:/x.db', 'postgresql:/h', 'redis://h', '', 'x'])(
    'refuses %j',
    (url) => {
      expect(isRecognisedDatabaseUrl(url)).toBe(false);
    },
  );
});

describe('mongoDatabaseFromUrl', () => {
  it.each([
    ['mongodb://localhost:27017/app', 'app'],
    ['mongodb://u:p/w@h1,h2/app?replicaSet=rs', 'app'],
    ['mongodb+srv://u:p@cluster.example.net/db?retryWrites=true', 'db'],
    ['mongodb://localhost:27017', ''],
    ['mongodb://localhost:27017/', ''],
    ['mongodb://localhost:27017/?x=1', ''],
  ])('%s → %j', (url, name) => {
    expect(mongoDatabaseFromUrl(url)).toBe(name);
  });
});
