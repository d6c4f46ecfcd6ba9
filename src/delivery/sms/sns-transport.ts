/**
 * Amazon SNS `Publish` to a phone number (spec §8.5) as one SigV4-signed form POST, no AWS
 * SDK. When a sender is set it travels as the `AWS.SNS.SMS.SenderID` message attribute.
 */
import type { SmsMessage, SmsTransport } from '../../ports/delivery.js';
import type { AwsCredentials } from '../aws/credentials.js';
import { createSignedClient } from '../aws/signed-client.js';
import { DeliveryHttpError } from '../delivery-error.js';

export interface SnsTransportOptions {
  readonly region: string;
  readonly credentials: AwsCredentials;
  /** Sender used when a message carries none (`sms.from_number`). */
  readonly fromNumber?: string | null | undefined;
  /** Replaces `https://sns.<region>.amazonaws.com/` (tests point it at a local fake). */
  readonly endpoint?: string | undefined;
  /** @default 10000 */
  readonly timeoutMs?: number | undefined;
}

/** The form parameters of an SNS `Publish` request, in the order they are sent. */
export function snsPublishParams(message: SmsMessage, sender: string | null): URLSearchParams {
  const params = new URLSearchParams({
    Action: 'Publish',
    PhoneNumber: message.to,
    Message: message.body,
    Version: '2010-03-31',
  });
  if (sender !== null && sender !== '') {
    params.set('MessageAttributes.entry.1.Name', 'AWS.SNS.SMS.SenderID');
    params.set('MessageAttributes.entry.1.Value.DataType', 'String');
    params.set('MessageAttributes.entry.1.Value.StringValue', sender);
  }
  return params;
}

/** Creates the SNS transport. */
export function createSnsTransport(options: SnsTransportOptions): SmsTransport {
  const client = createSignedClient({
    credentials: options.credentials,
    service: 'sns',
    region: options.region,
    timeoutMs: options.timeoutMs,
  });
  const url = options.endpoint ?? `https://sns.${options.region}.amazonaws.com/`;
  return {
    async send(message) {
      const sender = message.fromNumber ?? options.fromNumber ?? null;
      const response = await client.post(
        url,
        snsPublishParams(message, sender).toString(),
        'application/x-www-form-urlencoded; charset=utf-8',
      );
      const text = await response.text();
      if (!response.ok) {
        // The Query API answers errors as XML; its <Code> names the failure without content.
        const code = /<Code>([^<]{1,100})<\/Code>/.exec(text)?.[1];
        throw new DeliveryHttpError('SNS Publish', response.status, code);
      }
    },
  };
}
