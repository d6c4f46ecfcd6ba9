/**
 * regstack: user accounts for any Node.js web app.
 *
 * @example
 * import { createRegstack } from 'regstack';
 * const rs = await createRegstack({ overrides: { jwt_secret: process.env.JWT_SECRET } });
 * await rs.installSchema();
 */
export { createRegstack } from './regstack.js';
export type { CreateRegstackOptions, Regstack } from './regstack.js';

export { loadConfig, loadConfigWithSources, configFromOverrides } from './config/load.js';
export type { LoadConfigOptions, LoadedConfig, ConfigSources } from './config/load.js';
export type { ConfigOverrides, SubConfigOverrides } from './config/overrides.js';
export type { RegstackConfig, EmailConfig, SmsConfig, OAuthConfig } from './config/schema.js';
export { Secret } from './config/secret.js';
export { maskDatabaseUrl } from './config/mask-url.js';

export {
  RegstackError,
  ConfigError,
  DuplicateEmailError,
  OAuthIdentityAlreadyLinkedError,
  SchemaError,
  StorageUnavailableError,
} from './errors/errors.js';
export { ERROR_CATALOGUE } from './errors/catalogue.js';
export type { ErrorCode, CatalogueEntry } from './errors/catalogue.js';

export type { RegstackEvents, RegstackEventName, HookHandler } from './hooks/events.js';
export type { HookRegistry } from './hooks/hook-registry.js';

export type { PublicUser } from './model/public-user.js';
export type { UserRecord, NewUser } from './model/user.js';
export type * from './model/records.js';

export type { Clock, Instant } from './ports/clock.js';
export type {
  EmailMessage,
  EmailTransport,
  SmsMessage,
  SmsTransport,
  EmailKind,
  SmsKind,
  MailComposer,
} from './ports/delivery.js';
export type { Logger } from './ports/logger.js';
export type { PasswordHasher } from './ports/passwords.js';
export type * from './ports/storage.js';
export type { TokenCodec, TokenClaims, TokenPurpose } from './ports/tokens.js';
