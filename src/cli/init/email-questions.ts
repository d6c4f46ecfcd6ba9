import { emailAddress, integer } from '../../config/fields.js';
import { type Answerer, nonEmpty, schemaProblem } from './answerer.js';
import type { InitOptions } from './init-options.js';

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
      /** Empty for none. */
      readonly smtpPassword: string;
    }
  | {
      readonly backend: 'ses';
      readonly fromAddress: string;
      readonly fromName: string;
      readonly sesRegion: string;
    };

/** The sender default: `noreply@<host>` when the base URL's host has a dot, else example.com. */
function defaultSender(baseUrl: string): string {
  const host = new URL(baseUrl).hostname;
  return `noreply@${host.includes('.') ? host : 'example.com'}`;
}

async function askSmtp(
  options: InitOptions,
  ask: Answerer,
): Promise<{ host: string; port: number; starttls: boolean; username: string; password: string }> {
  const host = await ask.text(options.smtpHost, {
    message: 'SMTP host',
    flag: '--smtp-host',
    validate: nonEmpty,
  });
  const port = await ask.text(options.smtpPort, {
    message: 'SMTP port',
    default: '587',
    flag: '--smtp-port',
    validate: (value) => schemaProblem(integer({ min: 1, max: 65_535 }), value),
  });
  const starttls = await ask.yesNo(options.smtpStarttls, {
    message: 'Use STARTTLS?',
    default: true,
    flag: '--smtp-starttls',
  });
  const username = await ask.text(options.smtpUsername, {
    message: 'SMTP username',
    default: '',
    allowBlank: true,
    flag: '--smtp-username',
  });
  const password = await ask.secret(options.smtpPassword, {
    message: 'SMTP password',
    confirm: false,
    allowEmpty: true,
    flag: '--smtp-password',
  });
  return { host, port: Number(port), starttls, username, password };
}

/** Prompts 9–11 and the backend's sub-prompts (spec §12.1; no stale "M2" note, Decision 35). */
export async function askEmail(
  options: InitOptions,
  ask: Answerer,
  context: { readonly appName: string; readonly baseUrl: string },
): Promise<EmailAnswers> {
  const backend = await ask.select(options.emailBackend, {
    message: 'Email backend',
    choices: ['console', 'smtp', 'ses'],
    default: 'console',
    flag: '--email-backend',
  });
  const fromAddress = await ask.text(options.fromAddress, {
    message: 'Sender email address',
    default: defaultSender(context.baseUrl),
    flag: '--from-address',
    validate: (value) => schemaProblem(emailAddress(), value),
  });
  const fromName = await ask.text(options.fromName, {
    message: 'Sender display name',
    default: context.appName,
    flag: '--from-name',
    validate: nonEmpty,
  });
  if (backend === 'console') return { backend, fromAddress, fromName };
  if (backend === 'ses') {
    const sesRegion = await ask.text(options.sesRegion, {
      message: 'AWS region',
      default: 'eu-west-1',
      flag: '--ses-region',
      validate: nonEmpty,
    });
    return { backend, fromAddress, fromName, sesRegion };
  }
  const smtp = await askSmtp(options, ask);
  return {
    backend,
    fromAddress,
    fromName,
    smtpHost: smtp.host,
    smtpPort: smtp.port,
    smtpStarttls: smtp.starttls,
    smtpUsername: smtp.username,
    smtpPassword: smtp.password,
  };
}
