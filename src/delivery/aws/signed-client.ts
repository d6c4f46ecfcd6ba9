/**
 * One SigV4-signed POST, shared by the SES and SNS transports. aws4fetch signs; we send, so
 * the timeout is ours and nothing is retried (spec §8.4: transports do not retry).
 */
import { AwsClient } from 'aws4fetch';
import type { AwsCredentials } from './credentials.js';

export interface SignedClientOptions {
  readonly credentials: AwsCredentials;
  /** SigV4 service name: `ses` or `sns`. */
  readonly service: string;
  readonly region: string;
  /** @default 10000 */
  readonly timeoutMs?: number | undefined;
}

export interface SignedClient {
  post(url: string, body: string, contentType: string): Promise<Response>;
}

/** Creates a client that signs each request for one service and region. */
export function createSignedClient(options: SignedClientOptions): SignedClient {
  const aws = new AwsClient({
    accessKeyId: options.credentials.accessKeyId,
    secretAccessKey: options.credentials.secretAccessKey,
    ...(options.credentials.sessionToken === undefined
      ? {}
      : { sessionToken: options.credentials.sessionToken }),
    service: options.service,
    region: options.region,
    retries: 0,
  });
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async post(url, body, contentType) {
      const request = await aws.sign(url, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      });
      return fetch(request, { signal: AbortSignal.timeout(timeoutMs) });
    },
  };
}
