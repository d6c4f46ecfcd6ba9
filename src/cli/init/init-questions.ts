import { httpUrl, integer } from '../../config/fields.js';
import { generateSecret } from '../../crypto/random.js';
import type { Prompter } from '../prompts.js';
import { type Answerer, createAnswerer, nonEmpty, schemaProblem } from './answerer.js';
import { askDatabase } from './database-questions.js';
import { askEmail, type EmailAnswers } from './email-questions.js';
import type { InitOptions } from './init-options.js';

export type { EmailAnswers };

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

/** `<slug>` of spec §12.1: the app name lower-cased, spaces turned into `_`. */
export function slugOf(appName: string): string {
  return appName.toLowerCase().replaceAll(' ', '_');
}

/** Prompt 6: a generated 86-character secret, or a typed one asked twice (hidden). */
async function askJwtSecret(options: InitOptions, ask: Answerer): Promise<string> {
  const question = {
    message: 'JWT secret',
    confirm: true,
    allowEmpty: false,
    flag: '--jwt-secret',
  } as const;
  if (options.jwtSecret !== undefined) return ask.secret(options.jwtSecret, question);
  const generate = await ask.yesNo(options.generateJwtSecret, {
    message: 'Auto-generate a 64-byte JWT secret?',
    default: true,
    flag: '--generate-jwt-secret',
  });
  return generate ? generateSecret() : ask.secret(undefined, question);
}

async function askSmsBackend(
  options: InitOptions,
  ask: Answerer,
): Promise<InitAnswers['smsBackend']> {
  const enabled = await ask.yesNo(options.enableSms2fa, {
    message: 'Enable SMS-based 2FA?',
    default: false,
    flag: '--enable-sms-2fa',
  });
  if (!enabled) return 'null';
  return ask.select(options.smsBackend, {
    message: 'SMS backend',
    choices: ['sns', 'twilio'],
    default: 'sns',
    flag: '--sms-backend',
  });
}

/** Asks the prompts of spec §12.1 in order; a flag answers its prompt without asking. */
export async function askInitQuestions(
  options: InitOptions,
  prompter: Prompter,
): Promise<InitAnswers> {
  const ask = createAnswerer(prompter);
  const appName = await ask.text(options.appName, {
    message: 'App name',
    default: 'MyApp',
    flag: '--app-name',
    validate: nonEmpty,
  });
  const baseUrl = await ask.text(options.baseUrl, {
    message: 'Public base URL',
    default: 'http://localhost:8000',
    flag: '--base-url',
    validate: (value) => schemaProblem(httpUrl(), value),
  });
  const cookieDomain = await ask.text(options.cookieDomain, {
    message: 'Cookie domain (blank for none)',
    default: new URL(baseUrl).hostname,
    allowBlank: true,
    flag: '--cookie-domain',
    validate: (value) => (/\s/.test(value) ? 'must not contain spaces' : undefined),
  });
  const behindProxy = await ask.yesNo(options.behindProxy, {
    message: 'Behind a reverse proxy (X-Forwarded-* headers)?',
    default: false,
    flag: '--behind-proxy',
  });
  const database = await askDatabase(options, ask, slugOf(appName));
  const jwtSecret = await askJwtSecret(options, ask);
  const jwtTtl = await ask.text(options.jwtTtl, {
    message: 'JWT lifetime in seconds',
    default: '7200',
    flag: '--jwt-ttl',
    validate: (value) => schemaProblem(integer({ min: 60, max: 2_592_000 }), value),
  });
  const transport = await ask.select(options.transport, {
    message: 'Token transport',
    choices: ['bearer', 'cookie'],
    default: 'bearer',
    flag: '--transport',
  });
  const email = await askEmail(options, ask, { appName, baseUrl });
  const smsBackend = await askSmsBackend(options, ask);
  const flag = (value: boolean | undefined, message: string, fallback: boolean, name: string) =>
    ask.yesNo(value, { message, default: fallback, flag: name });
  return {
    appName,
    baseUrl,
    cookieDomain,
    behindProxy,
    ...database,
    jwtSecret,
    jwtTtlSeconds: Number(jwtTtl),
    transport,
    email,
    enableSms2fa: smsBackend !== 'null',
    smsBackend,
    enableAdminRouter: await flag(
      options.enableAdmin,
      'Enable JSON admin router?',
      false,
      '--enable-admin',
    ),
    enableUiRouter: await flag(
      options.enableUi,
      'Enable server-rendered UI pages?',
      false,
      '--enable-ui',
    ),
    allowRegistration: await flag(
      options.allowRegistration,
      'Allow self-service registration?',
      true,
      '--allow-registration',
    ),
    // Decision 35: Yes, as the config default (the reference defaulted to No).
    requireVerification: await flag(
      options.requireVerification,
      'Require email verification before login?',
      true,
      '--require-verification',
    ),
  };
}
