/**
 * Amazon SES v2 `SendEmail` (spec §8.4) as one SigV4-signed POST, no AWS SDK: the From
 * header as `FromEmailAddress`, one `ToAddresses` entry, subject, text and HTML in UTF-8.
 */
import type { EmailMessage, EmailTransport } from '../../ports/delivery.js';
import type { AwsCredentials } from '../aws/credentials.js';
import { createSignedClient } from '../aws/signed-client.js';
import { DeliveryHttpError } from '../delivery-error.js';
import { encodeFromHeader } from './from-header.js';

export interface SesTransportOptions {
  readonly region: string;
  readonly credentials: AwsCredentials;
  /** Replaces `https://email.<region>.amazonaws.com` (tests point it at a local fake). */
  readonly endpoint?: string | undefined;
  /** @default 10000 */
  readonly timeoutMs?: number | undefined;
}

/** The JSON body of a SES v2 `SendEmail` request for `message`. */
export function sesSendEmailBody(message: EmailMessage): Record<string, unknown> {
  const utf8 = (data: string) => ({ Data: data, Charset: 'UTF-8' });
  return {
    FromEmailAddress: encodeFromHeader(message.fromName, message.fromAddress),
    Destination: { ToAddresses: [message.to] },
    Content: {
      Simple: {
        Subject: utf8(message.subject),
        Body: { Text: utf8(message.text), Html: utf8(message.html) },
      },
    },
  };
}

/** Creates the SES transport. */
export function createSesTransport(options: SesTransportOptions): EmailTransport {
  const client = createSignedClient({
    credentials: options.credentials,
    service: 'ses',
    region: options.region,
    timeoutMs: options.timeoutMs,
  });
  const base = (options.endpoint ?? `https://email.${options.region}.amazonaws.com`).replace(
    /\/+$/,
    '',
  );
  const url = `${base}/v2/email/outbound-emails`;
  return {
    async send(message) {
      const response = await client.post(
        url,
        JSON.stringify(sesSendEmailBody(message)),
        'application/json',
      );
      if (!response.ok) {
        // The error type header names the failure (e.g. MessageRejected) without echoing input.
        const type = response.headers.get('x-amzn-errortype')?.split(':')[0];
        await response.body?.cancel();
        throw new DeliveryHttpError('SES SendEmail', response.status, type || undefined);
      }
      await response.body?.cancel();
    },
  };
}
