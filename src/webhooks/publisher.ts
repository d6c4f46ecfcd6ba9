import type { WebhooksConfig } from '../config/schema.js';
import { subscribes } from '../config/webhook-endpoints.js';
import type { NewWebhookDelivery } from '../model/webhook-delivery.js';
import type { WebhookDeliveriesRepo } from '../ports/webhook-deliveries.js';
import { webhookBody } from './payload.js';
import type { WebhookEvent } from './webhook-event.js';

export interface WebhookPublisher {
  /** Writes one outbox row per endpoint that wants the event; returns how many. */
  publish(event: WebhookEvent): Promise<number>;
}

export interface PublisherDeps {
  readonly config: WebhooksConfig;
  readonly deliveries: WebhookDeliveriesRepo;
  readonly newId: () => string;
  /** Called after rows were written, so a running worker picks them up without waiting. */
  readonly onEnqueued?: (() => void) | undefined;
}

export function createWebhookPublisher(deps: PublisherDeps): WebhookPublisher {
  return {
    async publish(event) {
      const endpoints = Object.entries(deps.config.endpoints).filter(([, endpoint]) =>
        subscribes(endpoint, event.type),
      );
      if (endpoints.length === 0) return 0;
      const payload = webhookBody(event);
      const rows: NewWebhookDelivery[] = endpoints.map(([name]) => ({
        id: deps.newId(),
        endpoint: name,
        eventType: event.type,
        userId: event.user_id,
        payload,
      }));
      await deps.deliveries.enqueue(rows);
      deps.onEnqueued?.();
      return rows.length;
    },
  };
}
