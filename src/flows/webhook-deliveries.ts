import { RegstackError } from '../errors/errors.js';
import type { WebhookDeliveryRecord, WebhookDeliveryState } from '../model/webhook-delivery.js';
import type { FlowDeps } from './deps.js';

export interface DeliveryPageQuery {
  readonly state?: WebhookDeliveryState | undefined;
  readonly endpoint?: string | undefined;
  readonly after?: string | undefined;
  readonly limit: number;
}

export interface DeliveryPage {
  readonly deliveries: readonly WebhookDeliveryRecord[];
  /** The `after` of the next page; null on the last one. */
  readonly next: string | null;
}

/** The webhook outbox for the admin, newest first, a page at a time. */
export async function listWebhookDeliveries(
  deps: Pick<FlowDeps, 'storage'>,
  query: DeliveryPageQuery,
): Promise<DeliveryPage> {
  // One row past the page says whether there is a next one without counting.
  const rows = await deps.storage.webhookDeliveries.list({ ...query, limit: query.limit + 1 });
  const deliveries = rows.slice(0, query.limit);
  const last = deliveries.at(-1);
  return { deliveries, next: rows.length > query.limit && last !== undefined ? last.id : null };
}

/** Puts a dead delivery back in the queue, due now, with a fresh attempt budget. */
export async function retryWebhookDelivery(
  deps: Pick<FlowDeps, 'storage'>,
  id: string,
): Promise<WebhookDeliveryRecord> {
  const retried = await deps.storage.webhookDeliveries.retry(id);
  if (retried !== null) return retried;
  const existing = await deps.storage.webhookDeliveries.get(id);
  throw new RegstackError(
    existing === null ? 'webhook_delivery_not_found' : 'webhook_delivery_not_dead',
  );
}
