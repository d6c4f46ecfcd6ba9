import type { z } from 'zod';
import { emailAddress, httpUrl, integer } from '../../config/fields.js';
import { generateSecret } from '../../crypto/random.js';
import { EXIT, ExitError } from '../exit-error.js';
import type { Prompter, TextQuestion } from '../prompts.js';
import type { InitOptions } from './init-options.js';

/** Everything `regstack init` asks (spec §12.1 with Decision 35), as answered. */
export interface InitAnswers {
  readonly appName: string;
  readonly baseUrl: string;
  /** Empty for none. */
  readonly cookieDomain: string;
  readonly behindProxy: boolean;
  readonly databaseUrl: string;
  /** Only for MongoDB. */
  readonly mongoDatabase: string | null;
  readonly jwtSecret: string;
  readonly jwtTtlSeconds: number;
  readonly transport: 'bearer' | 'cookie';
  readonly email: EmailAnswers;
  readonly enableSms2fa: boolean;
  readonly smsBackend: 'null' | 'sns' | 'twilio';
  readonly enableAdminRouter: boolean;
  readonly enableUiRouter: boolean;
  readonly allowRegistration: boolean;
  readonly requireVerification: boolean;
}

export type EmailAnswers =
  | { readonly backend: 'console'; readonly fromAddress: string; readonly fromName: string }
  | {
      readonly backend: 'smtp';
      readonly fromAddress: string;
      readonly fromName: string;
      readonly smtpHost: string;
      readonly smtpPort: number;
      readonly smtpStarttls: boolean;
      readonly smtpUsername: string;
      readonly smtpPassword: string;
    }
  | {
      readonly backend: 'ses';
      readonly fromAddress: string;
      readonly fromName: string;
      readonly sesRegion: string;
    };

const SQLITE_SCHEMES = ['sqlite://', 'sqlite+aiosqlite://'] as const;
const POSTGRES_SCHEMES = [
  'postgresql://',
  'postgres://',
  'postgresql+asyncpg://',
  'postgres+asyncpg://',
] as const;

function startsWithAny(value: string, prefixes: readonly string[]): boolean {
  const lower = value.toLowerCase();
  return prefixes.some((prefix) => lower.startsWith(prefix));
}

/** The config schema's own message for a value, so init accepts exactly what loading accepts. */
function schemaProblem(schema: z.ZodType<unknown, unknown>, value: string): string | undefined {
  const result = schema.safeParse(value);
  return result.success ? undefined : (result.error.issues[0]?.message ?? 'is not valid');
}

const nonEmpty = (value: string): string | undefined =>
  value.trim() === '' ? 'must not be empty' : undefined;
const singleLine = (value: string): string | undefined =>
  /[\r\n]/.test(value) ? 'must be a single line' : undefined;

/** `<slug>` of spec §12.1: the app name lower-cased, spaces turned into `_`. */
export function slugOf(appName: string): string {
  return appName.toLowerCase().replaceAll(' ', '_');
}

/** The sender default: `noreply@<host>` when the base URL's host has a dot, else example.com. */
function defaultSender(baseUrl: string): string {
  const host = new URL(baseUrl).hostname;
  return `noreply@${host.includes('.') ? host : 'example.com'}`;
}

/** Asks the prompts of spec §12.1 in order; a flag answers its prompt without asking. */
export async function askInitQuestions(
  options: InitOptions,
  prompter: Prompter,
): Promise<InitAnswers> {
  const text = async (flagValue: string | undefined, question: TextQuestion): Promise<string> => {
    if (flagValue === undefined) return prompter.text(question);
    const value = flagValue.trim();
    const problem =
      value === '' && question.allowBlank !== true
        ? 'must not be empty'
        : question.validate?.(value);
    if (problem !== undefined) {
      throw new ExitError(EXIT.usage, `regstack: ${question.flag}: ${problem}`);
    }
    return value;
  };
  const yesNo = async (
    flagValue: boolean | undefined,
    message: string,
    fallback: boolean,
    flag: string,
  ): Promise<boolean> => flagValue ?? prompter.confirm({ message, default: fallback, flag });

  const appName = await text(options.appName, {
    message: 'App name',
    default: 'MyApp',
    flag: '--app-name',
    validate: nonEmpty,
  });
  const slug = slugOf(appName);
  const baseUrl = await text(options.baseUrl, {
    message: 'Public base URL',
    default: 'http://localhost:8000',
    flag: '--base-url',
    validate: (value) => schemaProblem(httpUrl(), value),
  });
  const cookieDomain = await text(options.cookieDomain, {
    message: 'Cookie domain (blank for none)',
    default: new URL(baseUrl).hostname,
    allowBlank: true,
    flag: '--cookie-domain',
    validate: (value) => (/\s/.test(value) ? 'must not contain spaces' : undefined),
  });
  const behindProxy = await yesNo(
    options.behindProxy,
    'Behind a reverse proxy (X-Forwarded-* headers)?',
    false,
    '--behind-proxy',
  );
  const { databaseUrl, mongoDatabase } = await askDatabase(options, prompter, text, slug);
  const jwtSecret = await askJwtSecret(options, prompter);
  const jwtTtl = await text(options.jwtTtl, {
    message: 'JWT lifetime in seconds',
    default: '7200',
    flag: '--jwt-ttl',
    validate: (value) => schemaProblem(integer({ min: 60, max: 2_592_000 }), value),
  });
  const transport =
    options.transport ??
    (await prompter.select<'bearer' | 'cookie'>({
      message: 'Token transport',
      choices: ['bearer', 'cookie'] as const,
      default: 'bearer',
      flag: '--transport',
    }));
  const email = await askEmail(options, prompter, text, { appName, baseUrl });
  const enableSms2fa = await yesNo(
    options.enableSms2fa,
    'Enable SMS-based 2FA?',
    false,
    '--enable-sms-2fa',
  );
  const smsBackend = enableSms2fa
    ? (options.smsBackend ??
      (await prompter.select<'sns' | 'twilio'>({
        message: 'SMS backend',
        choices: ['sns', 'twilio'] as const,
        default: 'sns',
        flag: '--sms-backend',
      })))
    : 'null';
  return {
    appName,
    baseUrl,
    cookieDomain,
    behindProxy,
    databaseUrl,
    mongoDatabase,
    jwtSecret,
    jwtTtlSeconds: Number(jwtTtl),
    transport,
    email,
    enableSms2fa,
    smsBackend,
    enableAdminRouter: await yesNo(
      options.enableAdmin,
      'Enable JSON admin router?',
      false,
      '--enable-admin',
    ),
    enableUiRouter: await yesNo(
      options.enableUi,
      'Enable server-rendered UI pages?',
      false,
      '--enable-ui',
    ),
    allowRegistration: await yesNo(
      options.allowRegistration,
      'Allow self-service registration?',
      true,
      '--allow-registration',
    ),
    // Decision 35: Yes, matching the config default (the reference asked with No).
    requireVerification: await yesNo(
      options.requireVerification,
      'Require email verification before login?',
      true,
      '--require-verification',
    ),
  };
}

type AskText = (flagValue: string | undefined, question: TextQuestion) => Promise<string>;

async function askDatabase(
  options: InitOptions,
  prompter: Prompter,
  text: AskText,
  slug: string,
): Promise<{ databaseUrl: string; mongoDatabase: string | null }> {
  const backend =
    options.database ??
    (await prompter.select<'sqlite' | 'postgres' | 'mongo'>({
      message: 'Database backend',
      choices: ['sqlite', 'postgres', 'mongo'] as const,
      default: 'sqlite',
      flag: '--database',
    }));
  if (backend === 'sqlite') {
    const path = await text(options.sqlitePath, {
      message: 'SQLite file path',
      default: `./${slug}.sqlite`,
      flag: '--sqlite-path',
      validate: nonEmpty,
    });
    // Decision 35: a sqlite:// or sqlite+aiosqlite:// URL is taken as it is.
    return {
      databaseUrl: startsWithAny(path, SQLITE_SCHEMES) ? path : `sqlite+aiosqlite:///${path}`,
      mongoDatabase: null,
    };
  }
  if (backend === 'postgres') {
    const url = await text(options.postgresUrl, {
      message: 'Postgres URL',
      default: `postgresql+asyncpg://postgres@localhost/${slug}`,
      flag: '--postgres-url',
      // Decision 35: every spelling is recognised by backend selection, so none is rewritten.
      validate: (value) =>
        startsWithAny(value, POSTGRES_SCHEMES)
          ? undefined
          : 'must start with postgresql:// or postgres:// (optionally +asyncpg)',
    });
    return { databaseUrl: url, mongoDatabase: null };
  }
  const host = await text(options.mongoHost, {
    message: 'MongoDB host',
    default: 'localhost:27017',
    flag: '--mongo-host',
    validate: nonEmpty,
  });
  const database = await text(options.mongoDatabase, {
    message: 'MongoDB database',
    default: slug,
    flag: '--mongo-database',
    validate: (value) => (/[/\s.]/.test(value) ? 'must not contain /, . or spaces' : undefined),
  });
  return { databaseUrl: `mongodb://${host}/${database}`, mongoDatabase: database };
}

async function askJwtSecret(options: InitOptions, prompter: Prompter): Promise<string> {
  if (options.jwtSecret !== undefined) {
    const problem = nonEmpty(options.jwtSecret) ?? singleLine(options.jwtSecret);
    if (problem !== undefined)
      throw new ExitError(EXIT.usage, `regstack: --jwt-secret: ${problem}`);
    return options.jwtSecret;
  }
  const generate =
    options.generateJwtSecret ??
    (await prompter.confirm({
      message: 'Auto-generate a 64-byte JWT secret?',
      default: true,
      flag: '--generate-jwt-secret',
    }));
  if (generate) return generateSecret();
  return prompter.secret({
    message: 'JWT secret',
    confirm: true,
    allowEmpty: false,
    flag: '--jwt-secret',
  });
}

async function askEmail(
  options: InitOptions,
  prompter: Prompter,
  text: AskText,
  context: { readonly appName: string; readonly baseUrl: string },
): Promise<EmailAnswers> {
  const backend =
    options.emailBackend ??
    (await prompter.select<'console' | 'smtp' | 'ses'>({
      message: 'Email backend',
      choices: ['console', 'smtp', 'ses'] as const,
      default: 'console',
      flag: '--email-backend',
    }));
  const fromAddress = await text(options.fromAddress, {
    message: 'Sender email address',
    default: defaultSender(context.baseUrl),
    flag: '--from-address',
    validate: (value) => schemaProblem(emailAddress(), value),
  });
  const fromName = await text(options.fromName, {
    message: 'Sender display name',
    default: context.appName,
    flag: '--from-name',
    validate: nonEmpty,
  });
  if (backend === 'console') return { backend, fromAddress, fromName };
  if (backend === 'ses') {
    const sesRegion = await text(options.sesRegion, {
      message: 'AWS region',
      default: 'eu-west-1',
      flag: '--ses-region',
      validate: nonEmpty,
    });
    return { backend, fromAddress, fromName, sesRegion };
  }
  const smtpHost = await text(options.smtpHost, {
    message: 'SMTP host',
    flag: '--smtp-host',
    validate: nonEmpty,
  });
  const smtpPort = await text(options.smtpPort, {
    message: 'SMTP port',
    default: '587',
    flag: '--smtp-port',
    validate: (value) => schemaProblem(integer({ min: 1, max: 65_535 }), value),
  });
  const smtpStarttls =
    options.smtpStarttls ??
    (await prompter.confirm({ message: 'Use STARTTLS?', default: true, flag: '--smtp-starttls' }));
  const smtpUsername = await text(options.smtpUsername, {
    message: 'SMTP username',
    default: '',
    allowBlank: true,
    flag: '--smtp-username',
  });
  let smtpPassword: string;
  if (options.smtpPassword !== undefined) {
    const problem = singleLine(options.smtpPassword);
    if (problem !== undefined)
      throw new ExitError(EXIT.usage, `regstack: --smtp-password: ${problem}`);
    smtpPassword = options.smtpPassword;
  } else {
    smtpPassword = await prompter.secret({
      message: 'SMTP password',
      confirm: false,
      allowEmpty: true,
      flag: '--smtp-password',
    });
  }
  return {
    backend,
    fromAddress,
    fromName,
    smtpHost,
    smtpPort: Number(smtpPort),
    smtpStarttls,
    smtpUsername,
    smtpPassword,
  };
}
