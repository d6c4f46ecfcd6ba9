import { z } from 'zod';
import { flag, httpUrl, integer, oneOf, optionalHttpUrl, stringList, text } from './fields.js';
import { type Secret, secretSchema } from './secret.js';
import {
  type Agrees,
  type EmailConfig,
  emailConfigSchema,
  type OAuthConfig,
  oauthConfigSchema,
  type SmsConfig,
  type SubConfigName,
  smsConfigSchema,
  type WebhooksConfig,
  webhooksConfigSchema,
} from './sub-schemas.js';

export type { EmailConfig, OAuthConfig, SmsConfig, SubConfigName, WebhooksConfig };

/** The resolved, fully defaulted and deep-frozen configuration (spec §2.1–§2.4, §2.8). */
export interface RegstackConfig {
  /** Product name in emails, SMS and pages. @default "RegStack" */
  readonly app_name: string;
  /** Public base URL, normalised (`http://localhost:8000` → `http://localhost:8000/`). @default "http://localhost:8000/" */
  readonly base_url: string;
  /** `Domain` attribute of the session cookie; null sets none. @default null */
  readonly cookie_domain: string | null;
  /** Trust `X-Forwarded-For` / `X-Forwarded-Proto` (Decision 10). @default false */
  readonly behind_proxy: boolean;
  /** Proxies of ours that append to `X-Forwarded-For`; the client is that many entries from the right, 1..10. @default 1 */
  readonly trusted_proxy_hops: number;
  /** Storage URL; its scheme picks the backend (checked at construction). @default "sqlite+aiosqlite:///./regstack.db" */
  readonly database_url: Secret;
  /** MongoDB database name when the URL has no path. @default "regstack" */
  readonly mongodb_database: string;
  /** MongoDB users collection (ignored by SQL). @default "users" */
  readonly user_collection: string;
  /** MongoDB pending registrations collection. @default "pending_registrations" */
  readonly pending_collection: string;
  /** MongoDB revoked-token collection. @default "token_blacklist" */
  readonly blacklist_collection: string;
  /** MongoDB login-failure collection. @default "login_attempts" */
  readonly login_attempt_collection: string;
  /** MongoDB SMS code collection. @default "mfa_codes" */
  readonly mfa_code_collection: string;
  /** MongoDB OAuth identity collection. @default "oauth_identities" */
  readonly oauth_identity_collection: string;
  /** MongoDB OAuth state collection. @default "oauth_states" */
  readonly oauth_state_collection: string;
  /** MongoDB signed-in sessions collection. @default "user_sessions" */
  readonly user_session_collection: string;
  /** MongoDB authenticator app collection. @default "totp_factors" */
  readonly totp_factor_collection: string;
  /** MongoDB recovery code collection. @default "recovery_codes" */
  readonly recovery_code_collection: string;
  /** MongoDB passkey collection. @default "passkey_credentials" */
  readonly passkey_credential_collection: string;
  /** MongoDB WebAuthn challenge collection. @default "webauthn_challenges" */
  readonly webauthn_challenge_collection: string;
  /** MongoDB audit event collection. @default "audit_events" */
  readonly audit_event_collection: string;
  /** MongoDB webhook outbox collection. @default "webhook_deliveries" */
  readonly webhook_delivery_collection: string;
  /** Master secret for token keys; must be non-empty when the façade is built. @default "" */
  readonly jwt_secret: Secret;
  /** HMAC algorithm of every regstack JWT. @default "HS256" */
  readonly jwt_algorithm: 'HS256' | 'HS384' | 'HS512';
  /** Session token lifetime, 60 to 2 592 000 seconds. @default 7200 */
  readonly jwt_ttl_seconds: number;
  /** `aud` claim on every regstack JWT. @default null */
  readonly jwt_audience: string | null;
  /** How session tokens travel: bearer header, or also a cookie (Decision 10). @default "bearer" */
  readonly transport: 'bearer' | 'cookie';
  /** Name of the session cookie when `transport` is `cookie`. @default "regstack_session" */
  readonly cookie_name: string;
  /** Pending registration lifetime, >= 60 seconds. @default 86400 */
  readonly verification_token_ttl_seconds: number;
  /** Password reset token lifetime, >= 60 seconds. @default 1800 */
  readonly password_reset_token_ttl_seconds: number;
  /** Email change token lifetime, >= 60 seconds. @default 3600 */
  readonly email_change_token_ttl_seconds: number;
  /** Digits in an SMS code, 4 to 10. @default 6 */
  readonly sms_code_length: number;
  /** SMS code lifetime, 30 to 1800 seconds. @default 300 */
  readonly sms_code_ttl_seconds: number;
  /** Wrong guesses allowed per SMS code, 1 to 20. @default 5 */
  readonly sms_code_max_attempts: number;
  /** Lifetime of `login_mfa` and `phone_setup` tokens, 60 to 1800 seconds. @default 600 */
  readonly mfa_pending_token_ttl_seconds: number;
  /** New accounts must verify their email before logging in. @default true */
  readonly require_verification: boolean;
  /** `POST /register` is open. @default true */
  readonly allow_registration: boolean;
  /** Mount the password reset routes. @default true */
  readonly enable_password_reset: boolean;
  /** Allow `DELETE /account`. @default true */
  readonly enable_account_deletion: boolean;
  /** Mount the admin routes. @default false */
  readonly enable_admin_router: boolean;
  /** Tells the host to mount the bundled pages. @default false */
  readonly enable_ui_router: boolean;
  /** Mount the phone routes and enable SMS MFA. @default false */
  readonly enable_sms_2fa: boolean;
  /** Mount the authenticator app (TOTP) and recovery code routes. @default false */
  readonly enable_totp: boolean;
  /** Mount the passkey (WebAuthn) routes; RP id and origin come from `base_url`. @default false */
  readonly enable_passkeys: boolean;
  /** The name authenticators show for this site; null means `app_name`. @default null */
  readonly passkey_rp_name: string | null;
  /** Enable Google sign-in. @default false */
  readonly enable_oauth: boolean;
  /** Turn off the login lockout and every per-IP limit. @default false */
  readonly rate_limit_disabled: boolean;
  /** Where per-IP counters live: null = memory, `redis://…`, `postgresql://…`. @default null */
  readonly rate_limit_store_url: string | null;
  /** Days `regstack purge` keeps audit events; 0 keeps them forever. @default 365 */
  readonly audit_retention_days: number;
  /** Failures within the window that lock an email, >= 1. @default 5 */
  readonly login_lockout_threshold: number;
  /** Lockout sliding window, >= 10 seconds. @default 900 */
  readonly login_lockout_window_seconds: number;
  /** Failures within the window, from every client together, that lock an email for all, >= 1. @default 100 */
  readonly login_lockout_account_threshold: number;
  /** Per-IP limit on `POST /login` per minute, >= 1. @default 30 */
  readonly login_max_per_minute: number;
  /** Per-IP limit on `POST /login` per hour, >= 1. @default 300 */
  readonly login_max_per_hour: number;
  /** Per-IP limit on `POST /register` per minute, >= 1. @default 10 */
  readonly register_max_per_minute: number;
  /** Per-IP limit on `POST /resend-verification` per minute, >= 1. @default 5 */
  readonly resend_verification_max_per_minute: number;
  /** Per-IP limit on `POST /forgot-password` per minute, >= 1. @default 5 */
  readonly forgot_password_max_per_minute: number;
  /** Per-IP limit on `POST /phone/start` per minute, >= 1. @default 5 */
  readonly phone_start_max_per_minute: number;
  /** Per-IP limit on `POST /login/mfa-confirm` and `POST /phone/confirm` per minute, >= 1. @default 10 */
  readonly mfa_confirm_max_per_minute: number;
  /** Per-IP limit per minute on the routes that check the current password, >= 1. @default 10 */
  readonly reauth_max_per_minute: number;
  /** Per-account limit per minute on the routes that check the current password, >= 1. @default 5 */
  readonly reauth_account_max_per_minute: number;
  /** SMS codes sent to one account per hour (sign-in and phone setup), >= 1. @default 10 */
  readonly sms_max_per_account_per_hour: number;
  /** Emails sent to one address per hour, >= 1. @default 10 */
  readonly email_max_per_recipient_per_hour: number;
  /** argon2id memory cost for new hashes, >= 8192 KiB. @default 19456 */
  readonly password_hash_memory_kib: number;
  /** argon2id time cost for new hashes, >= 1. @default 2 */
  readonly password_hash_iterations: number;
  /** argon2id lanes for new hashes, >= 1. @default 1 */
  readonly password_hash_parallelism: number;
  /** Email settings (`[email]`). */
  readonly email: EmailConfig;
  /** SMS settings (`[sms]`). */
  readonly sms: SmsConfig;
  /** OAuth settings (`[oauth]`). */
  readonly oauth: OAuthConfig;
  /** Signed outbound webhook settings (`[webhooks]`). */
  readonly webhooks: WebhooksConfig;
  /** Logo URL in the page header. @default null */
  readonly brand_logo_url: string | null;
  /** Tagline in the page header. @default null */
  readonly brand_tagline: string | null;
  /** Host template folders searched before the bundled ones (pages, email, SMS). @default [] */
  readonly extra_template_dirs: readonly string[];
  /** Host static folders served at `static_prefix` before the bundled assets. @default [] */
  readonly extra_static_dirs: readonly string[];
  /** Mount point of the JSON API. @default "/api/auth" */
  readonly api_prefix: string;
  /** Mount point of the bundled pages. @default "/account" */
  readonly ui_prefix: string;
  /** URL prefix of the static assets. @default "/regstack-static" */
  readonly static_prefix: string;
  /** Extra stylesheet loaded after the bundled theme. @default null */
  readonly theme_css_url: string | null;
  /** Replaces `{base_url}{ui_prefix}` in emailed links (Decision 1). @default null */
  readonly email_link_base_url: string | null;
}

const atLeast = (min: number): z.ZodType<number, unknown> => integer({ min });
const nullableText = (): z.ZodType<string | null, unknown> => text().nullable().default(null);

const topShape = {
  app_name: text().default('RegStack'),
  base_url: httpUrl().prefault('http://localhost:8000'),
  cookie_domain: nullableText(),
  behind_proxy: flag().default(false),
  trusted_proxy_hops: integer({ min: 1, max: 10 }).default(1),
  database_url: secretSchema().prefault('sqlite+aiosqlite:///./regstack.db'),
  mongodb_database: text().default('regstack'),
  user_collection: text().default('users'),
  pending_collection: text().default('pending_registrations'),
  blacklist_collection: text().default('token_blacklist'),
  login_attempt_collection: text().default('login_attempts'),
  mfa_code_collection: text().default('mfa_codes'),
  oauth_identity_collection: text().default('oauth_identities'),
  oauth_state_collection: text().default('oauth_states'),
  user_session_collection: text().default('user_sessions'),
  totp_factor_collection: text().default('totp_factors'),
  recovery_code_collection: text().default('recovery_codes'),
  passkey_credential_collection: text().default('passkey_credentials'),
  webauthn_challenge_collection: text().default('webauthn_challenges'),
  audit_event_collection: text().default('audit_events'),
  webhook_delivery_collection: text().default('webhook_deliveries'),
  jwt_secret: secretSchema().prefault(''),
  jwt_algorithm: oneOf(['HS256', 'HS384', 'HS512']).default('HS256'),
  jwt_ttl_seconds: integer({ min: 60, max: 2_592_000 }).default(7200),
  jwt_audience: nullableText(),
  transport: oneOf(['bearer', 'cookie']).default('bearer'),
  cookie_name: text().default('regstack_session'),
  verification_token_ttl_seconds: atLeast(60).default(86_400),
  password_reset_token_ttl_seconds: atLeast(60).default(1800),
  email_change_token_ttl_seconds: atLeast(60).default(3600),
  sms_code_length: integer({ min: 4, max: 10 }).default(6),
  sms_code_ttl_seconds: integer({ min: 30, max: 1800 }).default(300),
  sms_code_max_attempts: integer({ min: 1, max: 20 }).default(5),
  mfa_pending_token_ttl_seconds: integer({ min: 60, max: 1800 }).default(600),
  require_verification: flag().default(true),
  allow_registration: flag().default(true),
  enable_password_reset: flag().default(true),
  enable_account_deletion: flag().default(true),
  enable_admin_router: flag().default(false),
  enable_ui_router: flag().default(false),
  enable_sms_2fa: flag().default(false),
  enable_totp: flag().default(false),
  enable_passkeys: flag().default(false),
  passkey_rp_name: nullableText(),
  enable_oauth: flag().default(false),
  rate_limit_disabled: flag().default(false),
  rate_limit_store_url: nullableText(),
  audit_retention_days: integer({ min: 0, max: 36_500 }).default(365),
  login_lockout_threshold: atLeast(1).default(5),
  login_lockout_window_seconds: atLeast(10).default(900),
  login_lockout_account_threshold: atLeast(1).default(100),
  login_max_per_minute: atLeast(1).default(30),
  login_max_per_hour: atLeast(1).default(300),
  register_max_per_minute: atLeast(1).default(10),
  resend_verification_max_per_minute: atLeast(1).default(5),
  forgot_password_max_per_minute: atLeast(1).default(5),
  phone_start_max_per_minute: atLeast(1).default(5),
  mfa_confirm_max_per_minute: atLeast(1).default(10),
  reauth_max_per_minute: atLeast(1).default(10),
  reauth_account_max_per_minute: atLeast(1).default(5),
  sms_max_per_account_per_hour: atLeast(1).default(10),
  email_max_per_recipient_per_hour: atLeast(1).default(10),
  password_hash_memory_kib: atLeast(8192).default(19_456),
  password_hash_iterations: atLeast(1).default(2),
  password_hash_parallelism: atLeast(1).default(1),
  email: emailConfigSchema.prefault({}),
  sms: smsConfigSchema.prefault({}),
  oauth: oauthConfigSchema.prefault({}),
  webhooks: webhooksConfigSchema.prefault({}),
  brand_logo_url: nullableText(),
  brand_tagline: nullableText(),
  extra_template_dirs: stringList().default(() => []),
  extra_static_dirs: stringList().default(() => []),
  api_prefix: text().default('/api/auth'),
  ui_prefix: text().default('/account'),
  static_prefix: text().default('/regstack-static'),
  theme_css_url: nullableText(),
  email_link_base_url: optionalHttpUrl().default(null),
};

// Unknown keys are stripped, not rejected (spec §2.1).
const configImpl = z.object(topShape);
const agree: Agrees<z.output<typeof configImpl>, RegstackConfig> = true;
void agree;

/** The whole written configuration: names, types, ranges and defaults of spec §2.1–§2.4, §2.8. */
export const regstackConfigSchema: z.ZodType<RegstackConfig, unknown> = configImpl;

/** Top-level field names, sub-configs included. */
export const TOP_LEVEL_FIELDS: readonly string[] = Object.keys(topShape);

/** Dotted paths of the fields that hold a `Secret`. */
export const SECRET_FIELD_PATHS: ReadonlySet<string> = new Set([
  'jwt_secret',
  'database_url',
  'email.smtp_password',
  'sms.twilio_auth_token',
  'oauth.google_client_secret',
]);
