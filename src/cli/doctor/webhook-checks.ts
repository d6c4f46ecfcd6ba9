import { randomBytes } from 'node:crypto';
import type { WebhooksConfig } from '../../config/schema.js';
import { webhookBody } from '../../webhooks/payload.js';
import { signAndSend } from '../../webhooks/sign-and-send.js';
import { TEST_EVENT_TYPE } from '../../webhooks/webhook-event.js';
import { type CheckResult, fail, pass } from './check-result.js';

/**
 * Sends one signed `webhook.test` event to each enabled endpoint, outside the outbox: the
 * check says whether the receiver answers and accepts our signature, and leaves no row.
 */
export async function checkWebhookEndpoints(
  config: WebhooksConfig,
  now: () => Date = () => new Date(),
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const [name, endpoint] of Object.entries(config.endpoints)) {
    if (!endpoint.enabled) continue;
    const at = now();
    const id = `msg_test_${randomBytes(12).toString('hex')}`;
    const body = webhookBody({
      id,
      type: TEST_EVENT_TYPE,
      occurred_at: at.toISOString(),
      outcome: 'success',
      actor_id: null,
      user_id: null,
      ip: null,
      user_agent: null,
      details: { endpoint: name },
    });
    const sent = await signAndSend({
      url: endpoint.url,
      secret: endpoint.secret.reveal(),
      id,
      body,
      timeoutMs: config.timeout_seconds * 1000,
      signedAt: at,
    });
    const label = `webhook ${name}`;
    results.push(
      sent.ok
        ? pass(label, `test event accepted by ${endpoint.url} (HTTP ${sent.status})`)
        : fail(label, `test event to ${endpoint.url} failed: ${sent.error}`),
    );
  }
  return results;
}
