/**
 * The default email backend, for development: every message is kept in `outbox` and printed
 * in full, links included (TS-CONTRACT §13). It shows secrets on purpose; `regstack doctor`
 * flags it when `base_url` is not local.
 */
import type { EmailMessage, EmailTransport } from '../../ports/delivery.js';
import { type PrintLine, printToStderr } from '../print.js';
import { formatFromHeader } from './from-header.js';

export interface ConsoleEmailTransportOptions {
  /** Receives the printed text, one call per message. @default a write to stderr */
  readonly print?: PrintLine | undefined;
}

export interface ConsoleEmailTransport extends EmailTransport {
  /** Every message sent, oldest first; tests read (and may clear) it. */
  readonly outbox: EmailMessage[];
}

/** Formats a message as the console transport prints it. */
export function formatConsoleEmail(message: EmailMessage): string {
  const from = formatFromHeader(message.fromName, message.fromAddress);
  return [
    `[regstack/console-email] To: ${message.to} | From: ${from} | Subject: ${message.subject}`,
    message.text.trimEnd(),
  ].join('\n');
}

/** Creates the console email transport. */
export function createConsoleEmailTransport(
  options: ConsoleEmailTransportOptions = {},
): ConsoleEmailTransport {
  const print = options.print ?? printToStderr;
  const outbox: EmailMessage[] = [];
  return {
    outbox,
    async send(message) {
      outbox.push(message);
      print(formatConsoleEmail(message));
    },
  };
}
