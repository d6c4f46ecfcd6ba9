/**
 * Twilio's Messages REST API (spec §8.5) over `fetch`: a form POST with basic auth, no SDK.
 */
import type { SmsMessage, SmsTransport } from '../../ports/delivery.js';
import { DeliveryHttpError } from '../delivery-error.js';

export interface TwilioTransportOptions {
  readonly accountSid: string;
  readonly authToken: string;
  /** Sender used when a message carries none (`sms.from_number`). */
  readonly fromNumber: string;
  /** Replaces `https://api.twilio.com` (tests point it at a local fake). */
  readonly baseUrl?: string | undefined;
  /** @default 10000 */
  readonly timeoutMs?: number | undefined;
}

/** Creates the Twilio transport. */
export function createTwilioTransport(options: TwilioTransportOptions): SmsTransport {
  const base = (options.baseUrl ?? 'https://api.twilio.com').replace(/\/+$/, '');
  const url = `${base}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
  const authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async send(message: SmsMessage) {
      const from =
        message.fromNumber === null || message.fromNumber === ''
          ? options.fromNumber
          : message.fromNumber;
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          authorization,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({ To: message.to, From: from, Body: message.body }).toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      if (!response.ok)
        throw new DeliveryHttpError('Twilio Messages', response.status, twilioCode(text));
    },
  };
}

// Twilio error bodies are JSON with a numeric `code` (e.g. 21211 for an invalid number).
function twilioCode(text: string): string | undefined {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === 'object' && body !== null && 'code' in body) {
      const code = body.code;
      if (typeof code === 'number' || typeof code === 'string') return String(code);
    }
  } catch {
    // Not JSON: the status alone describes the failure.
  }
  return undefined;
}
