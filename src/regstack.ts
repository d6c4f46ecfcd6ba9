import type { Hono } from 'hono';
import { createAuditRecorder } from './audit/audit-recorder.js';
import { createSystemClock } from './clock/system-clock.js';
import { loadConfig } from './config/load.js';
import type { ConfigOverrides } from './config/overrides.js';
import { checkConstructionRules } from './config/rules.js';
import type { RegstackConfig } from './config/schema.js';
import { deriveSecret } from './crypto/derive-secret.js';
import { sha256Hex } from './crypto/hash.js';
import { randomNumericCode, randomToken } from './crypto/random.js';
import { createDeliverer } from './delivery/deliverer.js';
import { buildEmailLink } from './delivery/email/links.js';
import { createMailComposer } from './delivery/email/mail-composer.js';
import { openEmailTransport } from './delivery/email/open-email-transport.js';
import { openSmsTransport } from './delivery/sms/open-sms-transport.js';
import { type BootstrapAdminOptions, bootstrapAdmin } from './flows/bootstrap-admin.js';
import type { FlowDeps } from './flows/deps.js';
import type { HookHandler, RegstackEventName } from './hooks/events.js';
import { createHookRegistry, type HookRegistry } from './hooks/hook-registry.js';
import { createHttpApp } from './http/app.js';
import type { AppEnv } from './http/app-env.js';
import { createAccountLimits } from './limits/account-limits.js';
import { createLockout } from './limits/lockout.js';
import { openRateLimitStore } from './limits/rate-limit-store.js';
import { createRouteLimits } from './limits/route-limits.js';
import { createJsonLogger } from './logging/json-logger.js';
import { auditEventJson } from './model/audit-fields.js';
import type { PublicUser } from './model/public-user.js';
import { toPublicUser } from './model/public-user.js';
import { configuredProviders } from './oauth/configured-providers.js';
import type { OAuthProvider } from './oauth/provider.js';
import { createOAuthRegistry, type OAuthRegistry } from './oauth/registry.js';
import { createArgon2Hasher } from './passwords/argon2-hasher.js';
import type { Clock } from './ports/clock.js';
import type { EmailTransport, MailComposer, SmsTransport } from './ports/delivery.js';
import type { Lockout } from './ports/lockout.js';
import type { Logger } from './ports/logger.js';
import type { PasswordHasher } from './ports/passwords.js';
import type { MigrationReport, Storage } from './ports/storage.js';
import type { TokenCodec } from './ports/tokens.js';
import { createTemplateRenderer } from './render/template-engine.js';
import { mongoSettings } from './storage/mongo/mongo-settings.js';
import { openStorage } from './storage/open.js';
import { createDeferredWork } from './tasks/deferred-work.js';
import { createJwtCodec } from './tokens/jwt-codec.js';
import { createUiApp, type UiApp } from './ui/ui-app.js';
import { createWebhooks, type Webhooks } from './webhooks/webhooks.js';
import type { WebhookWorkerOptions } from './webhooks/worker.js';

/** What `createRegstack` takes: a configuration (or overrides to load one) and optional parts. */
export interface CreateRegstackOptions {
  /** A loaded configuration. When absent, one is loaded with `loadConfig({ overrides })`. */
  readonly config?: RegstackConfig | undefined;
  /** Programmatic settings, used when `config` is absent. */
  readonly overrides?: ConfigOverrides | undefined;
  /** A ready storage (for example one sharing the host's pool); otherwise opened from `database_url`. */
  readonly storage?: Storage | undefined;
  readonly clock?: Clock | undefined;
  readonly logger?: Logger | undefined;
  readonly hasher?: PasswordHasher | undefined;
  readonly emailTransport?: EmailTransport | undefined;
  readonly smsTransport?: SmsTransport | undefined;
  /** Directory relative SQLite paths resolve against. @default process.cwd() */
  readonly cwd?: string | undefined;
  /**
   * Serve the pages at `ui_prefix` and their assets at `static_prefix` from `app` and
   * `fetch` too. regstack never decides this from `enable_ui_router` (Decision 6): the host
   * does, here or by routing `ui.app` itself. @default false
   */
  readonly mountUi?: boolean | undefined;
  /** Sign-in providers registered besides the configured ones (a same-name one replaces it). */
  readonly oauthProviders?: readonly OAuthProvider[] | undefined;
  /**
   * The webhook worker. It starts with the instance when an endpoint is enabled, unless
   * `start` is false (a host that runs it elsewhere); `close()` stops it.
   */
  readonly webhookWorker?:
    | (Partial<Pick<WebhookWorkerOptions, 'owner' | 'pollIntervalMs' | 'batchSize'>> & {
        readonly start?: boolean | undefined;
      })
    | undefined;
}

/** One regstack instance: its parts, its HTTP handler and its lifecycle. Two instances share nothing. */
export interface Regstack {
  readonly config: RegstackConfig;
  readonly clock: Clock;
  readonly storage: Storage;
  readonly tokens: TokenCodec;
  readonly hasher: PasswordHasher;
  readonly lockout: Lockout;
  readonly mail: MailComposer;
  readonly hooks: HookRegistry;
  readonly logger: Logger;
  /** The OAuth providers; the routes are mounted when `enable_oauth` is on and it is not empty. */
  readonly oauth: OAuthRegistry;
  /** The active email transport (the console transport exposes an `outbox`). */
  readonly email: EmailTransport;
  /** The active SMS transport (the null transport exposes an `outbox`). */
  readonly sms: SmsTransport;
  /** The Hono app serving every regstack route under its prefixes. */
  readonly app: Hono<AppEnv>;
  /** The path prefixes the app serves (the API's, and the pages' and assets' when mounted). */
  readonly prefixes: readonly string[];
  /** The pages and their static assets, under their own prefixes; in `app` only with `mountUi`. */
  readonly ui: UiApp;
  /** Signed outbound webhooks: `publish(event)` and the background worker. */
  readonly webhooks: Webhooks;
  /** A Web-standard handler: `(Request) => Response`. */
  fetch(request: Request, env?: unknown): Promise<Response>;
  /** Registers a hook handler; the returned function unsubscribes it. */
  on<E extends RegstackEventName>(event: E, handler: HookHandler<E>): () => void;
  /** Creates or migrates the schema; safe on every start. */
  installSchema(): Promise<MigrationReport>;
  /**
   * Creates a verified superuser, or promotes the existing account (idempotent). A disabled
   * account stays disabled unless `options.reactivate` is set.
   */
  bootstrapAdmin(
    email: string,
    password: string,
    options?: BootstrapAdminOptions,
  ): Promise<{ user: PublicUser; created: boolean; reactivated: boolean }>;
  setEmailBackend(transport: EmailTransport): void;
  setSmsBackend(transport: SmsTransport): void;
  /** Puts a template directory ahead of the others for emails, SMS and pages. */
  addTemplateDir(path: string): void;
  /**
   * Resolves once the mail and hooks handed off after earlier answers (forgot-password,
   * resend-verification) have finished: those routes answer before they send.
   */
  settled(): Promise<void>;
  /**
   * Stops the webhook worker once its attempts in flight are recorded, waits for work still
   * being sent, then closes the storage (when regstack opened it).
   */
  close(): Promise<void>;
}

function trimSlash(text: string): string {
  return text.replace(/\/+$/, '');
}

/**
 * Builds a regstack instance: configuration → storage → services → flows → app.
 *
 * @example
 * const rs = await createRegstack({ overrides: { jwt_secret: process.env.SECRET } });
 * await rs.installSchema();
 * serve({ fetch: rs.fetch });
 */
export async function createRegstack(options: CreateRegstackOptions = {}): Promise<Regstack> {
  const config = options.config ?? loadConfig({ overrides: options.overrides });
  checkConstructionRules(config);
  const clock = options.clock ?? createSystemClock();
  const logger = options.logger ?? createJsonLogger();
  const ownsStorage = options.storage === undefined;
  const storage =
    options.storage ??
    (await openStorage({
      url: config.database_url.reveal(),
      clock,
      cwd: options.cwd,
      mongo: mongoSettings(config),
    }));

  const hasher =
    options.hasher ??
    createArgon2Hasher({
      memoryKib: config.password_hash_memory_kib,
      iterations: config.password_hash_iterations,
      parallelism: config.password_hash_parallelism,
    });
  const tokens = createJwtCodec({
    secret: config.jwt_secret.reveal(),
    algorithm: config.jwt_algorithm,
    audience: config.jwt_audience,
    clock,
    ttlSeconds: {
      session: config.jwt_ttl_seconds,
      password_reset: config.password_reset_token_ttl_seconds,
      email_change: config.email_change_token_ttl_seconds,
      phone_setup: config.mfa_pending_token_ttl_seconds,
      login_mfa: config.mfa_pending_token_ttl_seconds,
    },
  });
  const lockout = createLockout({
    attempts: storage.attempts,
    clock,
    threshold: config.login_lockout_threshold,
    accountThreshold: config.login_lockout_account_threshold,
    windowSeconds: config.login_lockout_window_seconds,
    disabled: config.rate_limit_disabled,
  });

  const templateDirs: string[] = [...config.extra_template_dirs];
  const renderer = createTemplateRenderer({ dirs: () => templateDirs });
  const mail = createMailComposer({
    renderer,
    appName: config.app_name,
    fromAddress: config.email.from_address,
    fromName: config.email.from_name,
  });
  let email =
    options.emailTransport ??
    (await openEmailTransport({
      backend: config.email.backend,
      smtpHost: config.email.smtp_host,
      smtpPort: config.email.smtp_port,
      smtpStarttls: config.email.smtp_starttls,
      smtpUseTls: config.email.smtp_use_tls,
      smtpUsername: config.email.smtp_username,
      smtpPassword: config.email.smtp_password?.reveal() ?? null,
      sesRegion: config.email.ses_region,
      sesProfile: config.email.ses_profile,
      logger,
    }));
  let sms =
    options.smsTransport ??
    (await openSmsTransport({
      backend: config.sms.backend,
      fromNumber: config.sms.from_number,
      snsRegion: config.sms.sns_region,
      twilioAccountSid: config.sms.twilio_account_sid,
      twilioAuthToken: config.sms.twilio_auth_token?.reveal() ?? null,
    }));

  const hooks = createHookRegistry(logger);
  const deferred = createDeferredWork(logger);
  // With the limits off there is nothing to count: no connection to a shared store.
  const rateLimits = await openRateLimitStore(
    config.rate_limit_disabled ? null : config.rate_limit_store_url,
  );
  const baseUrl = trimSlash(config.base_url);
  const { start: startWorker = true, ...workerOptions } = options.webhookWorker ?? {};
  const webhooks = createWebhooks({
    config: config.webhooks,
    deliveries: storage.webhookDeliveries,
    clock,
    logger,
    worker: workerOptions,
  });
  const deps: FlowDeps = {
    config,
    clock,
    random: { token: randomToken, numericCode: randomNumericCode },
    hashSecret: sha256Hex,
    totpKey: deriveSecret(config.jwt_secret.reveal(), 'totp_secret'),
    storage,
    tokens,
    hasher,
    mail,
    deliver: createDeliverer({
      logger,
      email: () => email,
      sms: () => sms,
      onFailure: (failure) => hooks.fire('delivery_failed', failure),
    }),
    link: (page, token) =>
      buildEmailLink({
        baseUrl,
        uiPrefix: config.ui_prefix,
        emailLinkBaseUrl: config.email_link_base_url,
        page,
        token,
      }),
    lockout,
    accountLimits: await createAccountLimits(config, rateLimits),
    hooks,
    deferred,
    logger,
    audit: createAuditRecorder({
      audit: storage.audit,
      clock,
      logger,
      publish: (event) => webhooks.publish(auditEventJson(event)),
    }),
  };
  const oauth = createOAuthRegistry([
    ...(await configuredProviders(config)),
    ...(options.oauthProviders ?? []),
  ]);
  // The pages read the provider names per render.
  const ui = createUiApp({
    config,
    renderer,
    logger,
    oauthProviders: () => (config.enable_oauth ? oauth.names() : []),
    oauthDisplayNames: () =>
      Object.fromEntries(oauth.list().map((provider) => [provider.name, provider.displayName])),
  });
  if (startWorker) webhooks.worker?.start();
  const { app, prefixes } = createHttpApp(
    deps,
    await createRouteLimits(config, rateLimits),
    options.mountUi === true ? ui : undefined,
    oauth,
  );

  return {
    config,
    clock,
    storage,
    tokens,
    hasher,
    lockout,
    mail,
    hooks,
    logger,
    oauth,
    get email() {
      return email;
    },
    get sms() {
      return sms;
    },
    app,
    prefixes,
    ui,
    webhooks,
    fetch: async (request, env) => app.fetch(request, env),
    on: (event, handler) => hooks.on(event, handler),
    installSchema: () => storage.migrate(),
    bootstrapAdmin: async (address, password, options) => {
      const result = await bootstrapAdmin(deps, address, password, options);
      return {
        user: toPublicUser(result.user),
        created: result.created,
        reactivated: result.reactivated,
      };
    },
    setEmailBackend(transport) {
      email = transport;
    },
    setSmsBackend(transport) {
      sms = transport;
    },
    addTemplateDir(path) {
      templateDirs.unshift(path);
    },
    settled: () => deferred.idle(),
    async close() {
      await webhooks.worker?.stop();
      await deferred.idle();
      await rateLimits.close();
      if (ownsStorage) await storage.close();
    },
  };
}
