import type { IncomingMessage, ServerResponse } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { type LocalServer, listenLocal, readBody } from '../support/listen.js';

/** One request as the receiver saw it, after checking its Standard Webhooks signature. */
export interface ReceivedWebhook {
  readonly id: string;
  readonly timestamp: string;
  readonly body: string;
  readonly verified: boolean;
  readonly status: number;
}

/** What the receiver answers to the nth request (0-based): a status, and an optional delay. */
export type Script = (
  index: number,
  webhookId: string,
) => { status: number; delayMs?: number } | number;

export interface Receiver {
  readonly url: string;
  readonly received: ReceivedWebhook[];
  /** Requests that were answered with a 2xx and verified, in arrival order. */
  delivered(): ReceivedWebhook[];
  script(next: Script): void;
  close(): Promise<void>;
}

/**
 * A webhook receiver on loopback that verifies every request with the endpoint's secret the
 * way a host's receiver would (Webhook.verify), and answers as scripted.
 */
export async function startReceiver(
  secret: string,
  initial: Script = () => 200,
): Promise<Receiver> {
  const verifier = new Webhook(secret);
  const received: ReceivedWebhook[] = [];
  let script = initial;
  let count = 0;
  const server: LocalServer = await listenLocal(
    (request: IncomingMessage, response: ServerResponse) => {
      void (async () => {
        const body = await readBody(request);
        const headers = {
          'webhook-id': String(request.headers['webhook-id'] ?? ''),
          'webhook-timestamp': String(request.headers['webhook-timestamp'] ?? ''),
          'webhook-signature': String(request.headers['webhook-signature'] ?? ''),
        };
        let verified = false;
        try {
          verifier.verify(body, headers);
          verified = true;
        } catch {
          verified = false;
        }
        const answer = script(count, headers['webhook-id']);
        count += 1;
        const { status, delayMs = 0 } = typeof answer === 'number' ? { status: answer } : answer;
        const finalStatus = verified ? status : 401;
        if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
        received.push({
          id: headers['webhook-id'],
          timestamp: headers['webhook-timestamp'],
          body,
          verified,
          status: finalStatus,
        });
        if (response.destroyed) return;
        response.writeHead(finalStatus, { 'content-type': 'text/plain' });
        response.end('ok');
      })();
    },
  );
  return {
    url: `${server.url}/hooks`,
    received,
    delivered: () => received.filter((r) => r.verified && r.status >= 200 && r.status < 300),
    script(next) {
      script = next;
    },
    close: () => server.close(),
  };
}

/** Polls until `check` holds (real time: the worker's loop runs on real timers). */
export async function waitFor(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function newWhsec(fill: number): string {
  return `whsec_${Buffer.alloc(32, fill).toString('base64')}`;
}
