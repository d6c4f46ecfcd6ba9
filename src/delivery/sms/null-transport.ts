/**
 * The default SMS backend, for development: messages are kept in `outbox` and printed on one
 * line, code included (Decision 20 keeps that; `regstack doctor` warns about it).
 */
import type { SmsMessage, SmsTransport } from '../../ports/delivery.js';
import { type PrintLine, printToStderr } from '../print.js';

export interface NullSmsTransportOptions {
  /** Receives each printed line. @default a write to stderr */
  readonly print?: PrintLine | undefined;
}

export interface NullSmsTransport extends SmsTransport {
  /** Every message sent, oldest first; tests read (and may clear) it. */
  readonly outbox: SmsMessage[];
}

/** Formats a message as the null transport prints it (TS-CONTRACT §13). */
export function formatNullSms(message: SmsMessage): string {
  const from =
    message.fromNumber === null || message.fromNumber === '' ? '(unset)' : message.fromNumber;
  return `[regstack/null-sms] To: ${message.to} | From: ${from} | Body: ${message.body}`;
}

/** Creates the null SMS transport. */
export function createNullSmsTransport(options: NullSmsTransportOptions = {}): NullSmsTransport {
  const print = options.print ?? printToStderr;
  const outbox: SmsMessage[] = [];
  return {
    outbox,
    async send(message) {
      outbox.push(message);
      print(formatNullSms(message));
    },
  };
}
