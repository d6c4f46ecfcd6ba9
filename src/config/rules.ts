import { ConfigError } from '../errors/errors.js';
import { maskDatabaseUrl } from './mask-url.js';
import type { RegstackConfig } from './schema.js';

// Spec §2.7: failures at façade construction, not at load time, so a config can be loaded,
// inspected and fixed (e.g. by `regstack init` or `doctor`) before it is used.

const RECOGNISED_SCHEMES: readonly string[] = [
  'sqlite://',
  'sqlite+aiosqlite://',
  'postgresql://',
  'postgres://',
  'postgresql+asyncpg://',
  'postgres+asyncpg://',
  'mongodb://',
  'mongodb+srv://',
];

/** True when the URL starts with a scheme the storage layer opens (case-insensitive). */
export function isRecognisedDatabaseUrl(url: string): boolean {
  const lower = url.toLowerCase();
  return RECOGNISED_SCHEMES.some((scheme) => lower.startsWith(scheme));
}

function isMongoUrl(url: string): boolean {
  return url.toLowerCase().startsWith('mongodb');
}

/** The database named in a MongoDB URL's path, or '' when it has none. */
export function mongoDatabaseFromUrl(url: string): string {
  const afterScheme = url.slice(url.indexOf('://') + 3);
  const [beforeQuery = ''] = afterScheme.split(/[?#]/);
  const hosts = beforeQuery.slice(beforeQuery.lastIndexOf('@') + 1);
  const slash = hosts.indexOf('/');
  return slash === -1 ? '' : hosts.slice(slash + 1);
}

/**
 * The shortest `jwt_secret` the façade accepts, in characters (code points, as `regstack
 * doctor` counts). Every signing key is derived from it, so a short secret can be guessed
 * offline from any one token; the Python reference refuses one this short since 0.9.
 */
export const MIN_JWT_SECRET_LENGTH = 32;

function blank(value: string | null): boolean {
  return value === null || value === '';
}

/**
 * Throws the spec §2.7 `ConfigError` for the first setting that makes the façade unusable:
 * an empty or too short `jwt_secret`, an unrecognised `database_url` scheme (printed with its password
 * masked, Decision 24), a MongoDB URL without a database name, an SMTP backend without a
 * host, a Twilio backend without credentials or sender, or an unknown backend.
 */
export function checkConstructionRules(config: RegstackConfig): void {
  if (config.jwt_secret.isEmpty()) {
    throw new ConfigError(
      'RegStackConfig.jwt_secret is empty. Run `regstack init` to generate one, or set REGSTACK_JWT_SECRET.',
    );
  }
  // The length only, never the value: this message is printed and logged.
  const secretLength = [...config.jwt_secret.reveal()].length;
  if (secretLength < MIN_JWT_SECRET_LENGTH) {
    throw new ConfigError(
      `RegStackConfig.jwt_secret is too short (${secretLength} characters; at least ${MIN_JWT_SECRET_LENGTH} are needed). Run \`regstack init\` to generate one, or set REGSTACK_JWT_SECRET.`,
    );
  }
  const databaseUrl = config.database_url.reveal();
  if (!isRecognisedDatabaseUrl(databaseUrl)) {
    throw new ConfigError(
      `Unrecognised database_url scheme: '${maskDatabaseUrl(databaseUrl)}'. Expected one of: sqlite+aiosqlite://, postgresql+asyncpg://, mongodb://.`,
    );
  }
  if (
    isMongoUrl(databaseUrl) &&
    mongoDatabaseFromUrl(databaseUrl) === '' &&
    config.mongodb_database.trim() === ''
  ) {
    throw new ConfigError(
      'MongoDB needs a database name: use a URL like mongodb://host:port/dbname or set mongodb_database.',
    );
  }
  checkEmail(config.email);
  checkSms(config.sms);
}

function checkEmail(email: RegstackConfig['email']): void {
  const backend: string = email.backend;
  if (!['console', 'smtp', 'ses'].includes(backend)) {
    throw new ConfigError(`Unknown email backend: '${backend}'`);
  }
  if (backend === 'smtp' && blank(email.smtp_host)) {
    throw new ConfigError('EmailConfig.smtp_host is required for the SMTP backend.');
  }
}

function checkSms(sms: RegstackConfig['sms']): void {
  const backend: string = sms.backend;
  if (!['null', 'sns', 'twilio'].includes(backend)) {
    throw new ConfigError(`Unknown SMS backend: '${backend}'`);
  }
  if (backend !== 'twilio') return;
  if (
    blank(sms.twilio_account_sid) ||
    sms.twilio_auth_token === null ||
    sms.twilio_auth_token.isEmpty()
  ) {
    throw new ConfigError('Twilio backend needs both twilio_account_sid and twilio_auth_token.');
  }
  if (blank(sms.from_number)) {
    throw new ConfigError('Twilio backend needs a from_number.');
  }
}
