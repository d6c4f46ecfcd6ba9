/**
 * regstack: user accounts for any Node.js web app.
 *
 * @example
 * import { createRegstack } from 'regstack';
 * const rs = await createRegstack({ overrides: { jwt_secret: process.env.JWT_SECRET } });
 * await rs.installSchema();
 */

export type { ConfigSources, LoadConfigOptions, LoadedConfig } from './config/load.js';
export { configFromOverrides, loadConfig, loadConfigWithSources } from './config/load.js';
export { maskDatabaseUrl } from './config/mask-url.js';
export type { OAuthProviderConfig } from './config/oauth-providers.js';
export type { ConfigOverrides, SubConfigOverrides } from './config/overrides.js';
export type {
  EmailConfig,
  OAuthConfig,
  RegstackConfig,
  SmsConfig,
  WebhooksConfig,
} from './config/schema.js';
export { Secret } from './config/secret.js';
export type { WebhookEndpointConfig } from './config/webhook-endpoints.js';
export type { CatalogueEntry, ErrorCode } from './errors/catalogue.js';
export { ERROR_CATALOGUE } from './errors/catalogue.js';
export {
  ConfigError,
  DuplicateEmailError,
  OAuthConfigError,
  OAuthError,
  OAuthIdentityAlreadyLinkedError,
  OAuthIdTokenError,
  OAuthTokenExchangeError,
  RegstackError,
  SchemaError,
  StorageUnavailableError,
} from './errors/errors.js';
export type { BootstrapAdminOptions } from './flows/bootstrap-admin.js';
export type { HookHandler, RegstackEventName, RegstackEvents } from './hooks/events.js';
export type { HookRegistry } from './hooks/hook-registry.js';
export type { PublicUser } from './model/public-user.js';
export type * from './model/records.js';
export type { NewUser, UserRecord } from './model/user.js';
export type * from './model/webhook-delivery.js';
export type {
  AuthorizationRequest,
  CodeExchange,
  OAuthProvider,
  OAuthTokens,
  UserInfo,
} from './oauth/provider.js';
export type { OAuthRegistry } from './oauth/registry.js';
export type { Clock, Instant } from './ports/clock.js';
export type {
  EmailKind,
  EmailMessage,
  EmailTransport,
  MailComposer,
  SmsKind,
  SmsMessage,
  SmsTransport,
} from './ports/delivery.js';
export type { Logger } from './ports/logger.js';
export type { PasswordHasher } from './ports/passwords.js';
export type * from './ports/storage.js';
export type { TokenClaims, TokenCodec, TokenPurpose } from './ports/tokens.js';
export type * from './ports/webhook-deliveries.js';
export type { CreateRegstackOptions, Regstack } from './regstack.js';
export { createRegstack } from './regstack.js';
export type { WebhookEvent } from './webhooks/webhook-event.js';
export type { Webhooks } from './webhooks/webhooks.js';
export type { WebhookWorker } from './webhooks/worker.js';
