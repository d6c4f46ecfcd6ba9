import { describe, expect, it } from 'vitest';
import { defaultConfig } from './defaults.js';
import { regstackConfigSchema, SECRET_FIELD_PATHS, TOP_LEVEL_FIELDS } from './schema.js';
import { Secret } from './secret.js';

function parse(input: Record<string, unknown>) {
  return regstackConfigSchema.safeParse(input);
}

function messageFor(input: Record<string, unknown>): string | undefined {
  const result = parse(input);
  return result.success
    ? undefined
    : [...new Set(result.error.issues.map((issue) => issue.message))].join('; ');
}

describe('defaults (spec §2.1–§2.4, §2.8)', () => {
  const config = defaultConfig();

  it('matches the spec table for every plain field', () => {
    const { database_url, jwt_secret, email, sms, oauth, webhooks, ...plain } = config;
    expect(plain).toStrictEqual({
      app_name: 'RegStack',
      base_url: 'http://localhost:8000/',
      cookie_domain: null,
      behind_proxy: false,
      trusted_proxy_hops: 1,
      mongodb_database: 'regstack',
      user_collection: 'users',
      pending_collection: 'pending_registrations',
      blacklist_collection: 'token_blacklist',
      login_attempt_collection: 'login_attempts',
      mfa_code_collection: 'mfa_codes',
      oauth_identity_collection: 'oauth_identities',
      oauth_state_collection: 'oauth_states',
      user_session_collection: 'user_sessions',
      totp_factor_collection: 'totp_factors',
      recovery_code_collection: 'recovery_codes',
      passkey_credential_collection: 'passkey_credentials',
      webauthn_challenge_collection: 'webauthn_challenges',
      audit_event_collection: 'audit_events',
      webhook_delivery_collection: 'webhook_deliveries',
      jwt_algorithm: 'HS256',
      jwt_ttl_seconds: 7200,
      jwt_audience: null,
      transport: 'bearer',
      cookie_name: 'regstack_session',
      verification_token_ttl_seconds: 86400,
      password_reset_token_ttl_seconds: 1800,
      email_change_token_ttl_seconds: 3600,
      sms_code_length: 6,
      sms_code_ttl_seconds: 300,
      sms_code_max_attempts: 5,
      mfa_pending_token_ttl_seconds: 600,
      require_verification: true,
      allow_registration: true,
      enable_password_reset: true,
      enable_account_deletion: true,
      enable_admin_router: false,
      enable_ui_router: false,
      enable_sms_2fa: false,
      enable_totp: false,
      enable_passkeys: false,
      passkey_rp_name: null,
      enable_oauth: false,
      rate_limit_disabled: false,
      rate_limit_store_url: null,
      audit_retention_days: 365,
      login_lockout_threshold: 5,
      login_lockout_window_seconds: 900,
      login_lockout_account_threshold: 100,
      login_max_per_minute: 30,
      login_max_per_hour: 300,
      register_max_per_minute: 10,
      resend_verification_max_per_minute: 5,
      forgot_password_max_per_minute: 5,
      phone_start_max_per_minute: 5,
      mfa_confirm_max_per_minute: 10,
      reauth_max_per_minute: 10,
      reauth_account_max_per_minute: 5,
      sms_max_per_account_per_hour: 10,
      email_max_per_recipient_per_hour: 10,
      password_hash_memory_kib: 19456,
      password_hash_iterations: 2,
      password_hash_parallelism: 1,
      brand_logo_url: null,
      brand_tagline: null,
      extra_template_dirs: [],
      extra_static_dirs: [],
      api_prefix: '/api/auth',
      ui_prefix: '/account',
      static_prefix: '/regstack-static',
      theme_css_url: null,
      email_link_base_url: null,
    });
    expect(database_url.reveal()).toBe('sqlite+aiosqlite:///./regstack.db');
    expect(jwt_secret.reveal()).toBe('');
    expect(jwt_secret).toBeInstanceOf(Secret);
    expect(Object.keys(email).length + Object.keys(sms).length + Object.keys(oauth).length).toBe(
      24,
    );
    expect(webhooks).toEqual({ max_attempts: 12, timeout_seconds: 10, endpoints: {} });
  });

  it('matches the spec table for [email], [sms] and [oauth]', () => {
    expect(config.email).toStrictEqual({
      backend: 'console',
      from_address: 'noreply@example.com',
      from_name: 'RegStack',
      smtp_host: null,
      smtp_port: 587,
      smtp_starttls: true,
      smtp_use_tls: false,
      smtp_username: null,
      smtp_password: null,
      ses_region: 'eu-west-1',
      ses_profile: null,
    });
    expect(config.sms).toStrictEqual({
      backend: 'null',
      from_number: null,
      sns_region: 'eu-west-1',
      twilio_account_sid: null,
      twilio_auth_token: null,
    });
    expect(config.oauth).toStrictEqual({
      google_client_id: null,
      google_client_secret: null,
      google_redirect_uri: null,
      auto_link_verified_emails: false,
      enforce_mfa_on_oauth_signin: false,
      state_ttl_seconds: 300,
      completion_ttl_seconds: 30,
      providers: {},
    });
  });

  it('gives every call a fresh secret, never a shared instance', () => {
    expect(defaultConfig().jwt_secret).not.toBe(defaultConfig().jwt_secret);
  });

  it('lists the top-level fields and the secret paths', () => {
    expect(TOP_LEVEL_FIELDS).toHaveLength(78);
    expect([...SECRET_FIELD_PATHS]).toEqual([
      'jwt_secret',
      'database_url',
      'email.smtp_password',
      'sms.twilio_auth_token',
      'oauth.google_client_secret',
    ]);
  });
});

describe('booleans', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    ['True', true],
    ['1', true],
    ['yes', true],
    ['YES', true],
    [' yes ', true],
    ['false', false],
    ['False', false],
    ['0', false],
    ['no', false],
    ['No', false],
    [true, true],
    [false, false],
  ])('reads %j as %s', (input, expected) => {
    const result = parse({ enable_oauth: input, email: { smtp_starttls: input } });
    expect(result.data?.enable_oauth).toBe(expected);
    expect(result.data?.email.smtp_starttls).toBe(expected);
  });

  it.each(['maybe', 'on', '', 'y', 2, 1])('rejects %j', (input) => {
    expect(messageFor({ behind_proxy: input })).toBe('must be true or false (or 1/0, yes/no)');
  });
});

describe('integers', () => {
  it.each([
    ['7200', 7200],
    [' 120 ', 120],
    ['+90', 90],
    [3600, 3600],
  ])('reads %j as %d', (input, expected) => {
    expect(parse({ jwt_ttl_seconds: input }).data?.jwt_ttl_seconds).toBe(expected);
  });

  it.each(['1.5', 'abc', '', '7200s', '0x10', 1.5, true, null])('rejects %j', (input) => {
    expect(messageFor({ jwt_ttl_seconds: input })).toBe('must be an integer');
  });

  it.each([
    [{ jwt_ttl_seconds: 59 }, 'must be >= 60'],
    [{ jwt_ttl_seconds: 2_592_001 }, 'must be <= 2592000'],
    [{ verification_token_ttl_seconds: 59 }, 'must be >= 60'],
    [{ password_reset_token_ttl_seconds: 59 }, 'must be >= 60'],
    [{ email_change_token_ttl_seconds: 59 }, 'must be >= 60'],
    [{ sms_code_length: 3 }, 'must be >= 4'],
    [{ sms_code_length: 11 }, 'must be <= 10'],
    [{ sms_code_ttl_seconds: 29 }, 'must be >= 30'],
    [{ sms_code_ttl_seconds: 1801 }, 'must be <= 1800'],
    [{ sms_code_max_attempts: 0 }, 'must be >= 1'],
    [{ sms_code_max_attempts: 21 }, 'must be <= 20'],
    [{ mfa_pending_token_ttl_seconds: 59 }, 'must be >= 60'],
    [{ mfa_pending_token_ttl_seconds: 1801 }, 'must be <= 1800'],
    [{ login_lockout_threshold: 0 }, 'must be >= 1'],
    [{ login_lockout_window_seconds: 9 }, 'must be >= 10'],
    [{ login_max_per_minute: 0 }, 'must be >= 1'],
    [{ login_max_per_hour: 0 }, 'must be >= 1'],
    [{ register_max_per_minute: 0 }, 'must be >= 1'],
    [{ resend_verification_max_per_minute: 0 }, 'must be >= 1'],
    [{ forgot_password_max_per_minute: 0 }, 'must be >= 1'],
    [{ phone_start_max_per_minute: 0 }, 'must be >= 1'],
    [{ mfa_confirm_max_per_minute: 0 }, 'must be >= 1'],
    [{ reauth_max_per_minute: 0 }, 'must be >= 1'],
    [{ login_lockout_account_threshold: 0 }, 'must be >= 1'],
    [{ trusted_proxy_hops: 0 }, 'must be >= 1'],
    [{ password_hash_memory_kib: 8191 }, 'must be >= 8192'],
    [{ password_hash_iterations: 0 }, 'must be >= 1'],
    [{ password_hash_parallelism: 0 }, 'must be >= 1'],
  ])('enforces the range of %j', (input, message) => {
    expect(messageFor(input)).toBe(message);
  });

  it('accepts the range bounds', () => {
    const result = parse({
      jwt_ttl_seconds: 60,
      sms_code_length: 10,
      sms_code_ttl_seconds: 30,
      mfa_pending_token_ttl_seconds: 1800,
      password_hash_memory_kib: 8192,
    });
    expect(result.success).toBe(true);
  });

  it('puts no range on oauth TTLs and the SMTP port', () => {
    const result = parse({
      oauth: { state_ttl_seconds: 1, completion_ttl_seconds: 0 },
      email: { smtp_port: 25 },
    });
    expect(result.success).toBe(true);
  });
});

describe('lists', () => {
  it.each([
    [
      ['a', 'b'],
      ['a', 'b'],
    ],
    ['["/srv/a", "/srv/b,c"]', ['/srv/a', '/srv/b,c']],
    ['/srv/a, /srv/b', ['/srv/a', '/srv/b']],
    ['/srv/a', ['/srv/a']],
    ['', []],
    ['[]', []],
    [' a ,, b ,', ['a', 'b']],
    ['{"a": 1}', ['{"a": 1}']],
  ])('reads %j', (input, expected) => {
    const result = parse({ extra_template_dirs: input, extra_static_dirs: input });
    expect(result.data?.extra_template_dirs).toEqual(expected);
    expect(result.data?.extra_static_dirs).toEqual(expected);
  });

  it.each([
    ['[1, 2]', 'must contain only strings'],
    ['["unterminated', 'must be a list (TOML array, JSON array or comma-separated list)'],
    [42, 'must be a list (TOML array, JSON array or comma-separated list)'],
  ])('rejects %j', (input, message) => {
    expect(messageFor({ extra_template_dirs: input })).toBe(message);
  });
});

describe('URLs and addresses', () => {
  it.each([
    ['http://LOCALHOST:8000', 'http://localhost:8000/'],
    ['https://App.Example.com:443/base', 'https://app.example.com/base'],
    ['http://127.0.0.1:80/', 'http://127.0.0.1/'],
  ])('normalises base_url %s', (input, expected) => {
    expect(parse({ base_url: input }).data?.base_url).toBe(expected);
  });

  it.each(['localhost:8000', 'ftp://example.com', 'file:///tmp/x', 'not a url', ''])(
    'rejects base_url %j',
    (input) => {
      expect(messageFor({ base_url: input })).toBe('must be an http(s) URL with a host');
    },
  );

  it('checks and normalises the optional URLs, reading "" as none', () => {
    const result = parse({
      email_link_base_url: 'https://SPA.example.com',
      oauth: { google_redirect_uri: '' },
    });
    expect(result.data?.email_link_base_url).toBe('https://spa.example.com/');
    expect(result.data?.oauth.google_redirect_uri).toBeNull();
    expect(messageFor({ email_link_base_url: 'javascript:alert(1)' })).toBe(
      'must be an http(s) URL with a host',
    );
    expect(messageFor({ oauth: { google_redirect_uri: 'ftp://x' } })).toBe(
      'must be an http(s) URL with a host',
    );
  });

  it.each(['a@b.example', 'no-reply+x@mail.app.example.com'])(
    'accepts from_address %s',
    (address) => {
      expect(parse({ email: { from_address: address } }).success).toBe(true);
    },
  );

  it.each(['nope', 'a@b', '@b.example', 'a b@c.example', 'a@b..example', 'a@@b.example'])(
    'rejects from_address %j',
    (address) => {
      expect(messageFor({ email: { from_address: address } })).toBe('must be an email address');
    },
  );
});

describe('enums and strings', () => {
  it('takes the spec values only, case-sensitively', () => {
    expect(parse({ jwt_algorithm: 'HS512' }).data?.jwt_algorithm).toBe('HS512');
    expect(messageFor({ jwt_algorithm: 'hs256' })).toBe('must be one of HS256, HS384, HS512');
    expect(messageFor({ transport: 'session' })).toBe('must be one of bearer, cookie');
    expect(messageFor({ email: { backend: 'sendgrid' } })).toBe(
      'must be one of console, smtp, ses',
    );
    expect(messageFor({ sms: { backend: 'none' } })).toBe('must be one of null, sns, twilio');
  });

  it('keeps an empty string for nullable strings and rejects non-strings', () => {
    expect(parse({ email: { smtp_username: '' } }).data?.email.smtp_username).toBe('');
    expect(messageFor({ app_name: 5 })).toBe('must be a string');
  });

  it('ignores unknown keys at every level', () => {
    const result = parse({ nope: 1, email: { nope: 2 } });
    expect(result.success).toBe(true);
    expect(result.data).not.toHaveProperty('nope');
    expect(result.data?.email).not.toHaveProperty('nope');
  });
});
