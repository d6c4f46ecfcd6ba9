import { z } from 'zod';
import { emailAddress, flag, integer, oneOf, optionalHttpUrl, text } from './fields.js';
import { type OAuthProviderConfig, oauthProvidersSchema } from './oauth-providers.js';
import { type Secret, secretSchema } from './secret.js';
import { type WebhookEndpointConfig, webhookEndpointsSchema } from './webhook-endpoints.js';

// The sub-configs: spec §2.2–§2.4 (`[email]`, `[sms]`, `[oauth]`) and issue 16's `[webhooks]`
// (`REGSTACK_<SUB>__*`).

/** Outgoing email settings (spec §2.2). */
export interface EmailConfig {
  /** Which transport sends email. @default "console" */
  readonly backend: 'console' | 'smtp' | 'ses';
  /** Sender address on every message. @default "noreply@example.com" */
  readonly from_address: string;
  /** Sender display name. @default "RegStack" */
  readonly from_name: string;
  /** SMTP server host; required when `backend` is `smtp`. @default null */
  readonly smtp_host: string | null;
  /** SMTP server port. @default 587 */
  readonly smtp_port: number;
  /** Upgrade the SMTP connection with STARTTLS. @default true */
  readonly smtp_starttls: boolean;
  /** Implicit TLS from the first byte (SMTPS, usually port 465; Decision 42). @default false */
  readonly smtp_use_tls: boolean;
  /** SMTP user name; null or empty means no authentication. @default null */
  readonly smtp_username: string | null;
  /** SMTP password (env `REGSTACK_EMAIL__SMTP_PASSWORD`). @default null */
  readonly smtp_password: Secret | null;
  /** AWS region for SES. @default "eu-west-1" */
  readonly ses_region: string;
  /** AWS named profile for SES credentials. @default null */
  readonly ses_profile: string | null;
}

/** SMS settings (spec §2.3). */
export interface SmsConfig {
  /** Which transport sends SMS. @default "null" */
  readonly backend: 'null' | 'sns' | 'twilio';
  /** Sender passed on every SMS; required for Twilio. @default null */
  readonly from_number: string | null;
  /** AWS region for SNS. @default "eu-west-1" */
  readonly sns_region: string;
  /** Twilio account SID; required for Twilio. @default null */
  readonly twilio_account_sid: string | null;
  /** Twilio auth token (env `REGSTACK_SMS__TWILIO_AUTH_TOKEN`). @default null */
  readonly twilio_auth_token: Secret | null;
}

/** OAuth settings (spec §2.4). */
export interface OAuthConfig {
  /** Google OAuth client id. @default null */
  readonly google_client_id: string | null;
  /** Google OAuth client secret (env `REGSTACK_OAUTH__GOOGLE_CLIENT_SECRET`). @default null */
  readonly google_client_secret: Secret | null;
  /** Callback URL; null means `{base}{api_prefix}/oauth/google/callback`. @default null */
  readonly google_redirect_uri: string | null;
  /** Link a Google sign-in to an existing account with the same verified email. @default false */
  readonly auto_link_verified_emails: boolean;
  /** Run the SMS MFA step after an OAuth sign-in for MFA users (Decision 10). @default false */
  readonly enforce_mfa_on_oauth_signin: boolean;
  /** Lifetime of an OAuth state row, in seconds. @default 300 */
  readonly state_ttl_seconds: number;
  /** Seconds in which `/oauth/exchange` must follow the callback (Decision 10). @default 30 */
  readonly completion_ttl_seconds: number;
  /** `[oauth.providers.<name>]` tables: OpenID Connect and GitHub providers. @default {} */
  readonly providers: Readonly<Record<string, OAuthProviderConfig>>;
}

/** Signed outbound webhooks (issue 16). */
export interface WebhooksConfig {
  /** Attempts per delivery before it is dead (kept for the admin API's retry), 1 to 100. @default 12 */
  readonly max_attempts: number;
  /** Seconds one delivery attempt may take before it counts as failed, 1 to 60. @default 10 */
  readonly timeout_seconds: number;
  /** `[webhooks.endpoints.<name>]` tables: where events are delivered. @default {} */
  readonly endpoints: Readonly<Record<string, WebhookEndpointConfig>>;
}

const TABLE = { error: 'must be a table of settings' };

const emailShape = {
  backend: oneOf(['console', 'smtp', 'ses']).default('console'),
  from_address: emailAddress().default('noreply@example.com'),
  from_name: text().default('RegStack'),
  smtp_host: text().nullable().default(null),
  smtp_port: integer().default(587),
  smtp_starttls: flag().default(true),
  smtp_use_tls: flag().default(false),
  smtp_username: text().nullable().default(null),
  smtp_password: secretSchema().nullable().default(null),
  ses_region: text().default('eu-west-1'),
  ses_profile: text().nullable().default(null),
};

const smsShape = {
  backend: oneOf(['null', 'sns', 'twilio']).default('null'),
  from_number: text().nullable().default(null),
  sns_region: text().default('eu-west-1'),
  twilio_account_sid: text().nullable().default(null),
  twilio_auth_token: secretSchema().nullable().default(null),
};

const oauthShape = {
  google_client_id: text().nullable().default(null),
  google_client_secret: secretSchema().nullable().default(null),
  google_redirect_uri: optionalHttpUrl().default(null),
  auto_link_verified_emails: flag().default(false),
  enforce_mfa_on_oauth_signin: flag().default(false),
  state_ttl_seconds: integer().default(300),
  completion_ttl_seconds: integer().default(30),
};

const webhooksShape = {
  max_attempts: integer({ min: 1, max: 100 }).default(12),
  timeout_seconds: integer({ min: 1, max: 60 }).default(10),
};

const emailImpl = z.object(emailShape, TABLE);
const smsImpl = z.object(smsShape, TABLE);
const oauthImpl = z.object(
  { ...oauthShape, providers: oauthProvidersSchema.default(() => ({})) },
  TABLE,
);
const webhooksImpl = z.object(
  { ...webhooksShape, endpoints: webhookEndpointsSchema.default(() => ({})) },
  TABLE,
);

/** Compile-time proof that a schema's output and its hand-written interface agree both ways. */
export type Agrees<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agree: [
  Agrees<z.output<typeof emailImpl>, EmailConfig>,
  Agrees<z.output<typeof smsImpl>, SmsConfig>,
  Agrees<z.output<typeof oauthImpl>, OAuthConfig>,
  Agrees<z.output<typeof webhooksImpl>, WebhooksConfig>,
] = [true, true, true, true];
void agree;

/** The `[email]` sub-config schema. */
export const emailConfigSchema: z.ZodType<EmailConfig, unknown> = emailImpl;
/** The `[sms]` sub-config schema. */
export const smsConfigSchema: z.ZodType<SmsConfig, unknown> = smsImpl;
/** The `[oauth]` sub-config schema. */
export const oauthConfigSchema: z.ZodType<OAuthConfig, unknown> = oauthImpl;
/** The `[webhooks]` sub-config schema. */
export const webhooksConfigSchema: z.ZodType<WebhooksConfig, unknown> = webhooksImpl;

/** Field names of each sub-config, for mapping TOML tables and `REGSTACK_<SUB>__*` names. */
export const SUB_CONFIG_FIELDS: Readonly<Record<SubConfigName, readonly string[]>> = {
  email: Object.keys(emailShape),
  sms: Object.keys(smsShape),
  oauth: Object.keys(oauthShape),
  webhooks: Object.keys(webhooksShape),
};

/** The names of the nested sub-configs. */
export type SubConfigName = 'email' | 'sms' | 'oauth' | 'webhooks';
