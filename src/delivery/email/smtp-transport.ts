/**
 * SMTP through nodemailer (spec §8.4, Decision 42): a `multipart/alternative` message with a
 * text part and an HTML part. `starttls` demands an upgrade (no silent plaintext fallback);
 * `useTls` speaks TLS from the first byte (SMTPS, usually port 465); with neither, the
 * session stays plaintext as configured. Auth happens only when a username is set.
 */
import type { ConnectionOptions } from 'node:tls';
import { createTransport } from 'nodemailer';
import type { EmailMessage, EmailTransport } from '../../ports/delivery.js';
import type { Logger } from '../../ports/logger.js';

export interface SmtpTransportOptions {
  readonly host: string;
  readonly port: number;
  /** Upgrade with STARTTLS and refuse to send if the server does not offer it. */
  readonly starttls: boolean;
  /** Implicit TLS from the first byte; STARTTLS is then not attempted. */
  readonly useTls: boolean;
  /** Authenticate when non-empty. */
  readonly username?: string | null | undefined;
  readonly password?: string | null | undefined;
  /** Connection, greeting and socket timeouts in milliseconds. @default 10000 */
  readonly timeoutMs?: number | undefined;
  /** Extra TLS settings, e.g. a test CA; certificates are verified unless this says otherwise. */
  readonly tls?: ConnectionOptions | undefined;
  /** Receives one debug line per sent message (recipient and server reply, no content). */
  readonly logger?: Logger | undefined;
}

export interface SmtpTransport extends EmailTransport {
  /** Connects, upgrades and authenticates as a send would, without sending (for `doctor`). */
  verify(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 10_000;

function base64(value: string): string {
  return Buffer.from(value, 'utf8').toString('base64');
}

/** Creates the SMTP transport; one connection per message, nothing pooled. */
export function createSmtpTransport(options: SmtpTransportOptions): SmtpTransport {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const username = options.username ?? '';
  const password = options.password ?? '';
  const useAuth = username !== '';
  // nodemailer refuses its built-in mechanisms with an empty password, which the spec allows
  // (`smtp_password` may be null); a one-step PLAIN with an empty password covers that case.
  const emptyPasswordAuth = useAuth && password === '';

  const transporter = createTransport({
    host: options.host,
    port: options.port,
    secure: options.useTls,
    requireTLS: options.starttls && !options.useTls,
    // Without this, nodemailer upgrades opportunistically; the settings say plaintext.
    ignoreTLS: !options.starttls && !options.useTls,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    ...(useAuth
      ? {
          auth: emptyPasswordAuth
            ? { type: 'custom', method: 'PLAIN', user: username, pass: '' }
            : { user: username, pass: password },
        }
      : {}),
    ...(emptyPasswordAuth
      ? {
          customAuth: {
            PLAIN: async (ctx) => {
              const reply = await ctx.sendCommand(`AUTH PLAIN ${base64(`\0${username}\0`)}`);
              if (reply.status !== 235) throw new Error(`SMTP AUTH rejected: ${reply.response}`);
            },
          },
        }
      : {}),
  });

  return {
    async send(message: EmailMessage) {
      const info = await transporter.sendMail({
        from: { name: message.fromName, address: message.fromAddress },
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
      });
      options.logger?.debug(
        { to: message.to, response: info.response },
        'SMTP server accepted the message',
      );
    },
    async verify() {
      await transporter.verify();
    },
  };
}
