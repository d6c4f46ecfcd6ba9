import type { WebhooksConfig } from '../config/schema.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { WebhookDeliveriesRepo } from '../ports/webhook-deliveries.js';
import { createDeliveryIds } from './delivery-id.js';
import { createWebhookPublisher, type WebhookPublisher } from './publisher.js';
import type { WebhookEvent } from './webhook-event.js';
import { createWebhookWorker, type WebhookWorker, type WebhookWorkerOptions } from './worker.js';

/** Signed outbound webhooks of one regstack instance. */
export interface Webhooks {
  /** Writes the event to the outbox for every endpoint that wants it; returns how many rows. */
  publish(event: WebhookEvent): Promise<number>;
  /** The background worker; null when no endpoint is enabled. */
  readonly worker: WebhookWorker | null;
}

export interface WebhooksOptions {
  readonly config: WebhooksConfig;
  readonly deliveries: WebhookDeliveriesRepo;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Worker settings beyond the configuration (tests shorten the poll). */
  readonly worker?: Partial<
    Omit<WebhookWorkerOptions, 'config' | 'deliveries' | 'clock' | 'logger'>
  >;
}

export function hasEnabledEndpoint(config: WebhooksConfig): boolean {
  return Object.values(config.endpoints).some((endpoint) => endpoint.enabled);
}

export function createWebhooks(
  options: WebhooksOptions,
): Webhooks & { publisher: WebhookPublisher } {
  const { config, deliveries, clock, logger } = options;
  const worker = hasEnabledEndpoint(config)
    ? createWebhookWorker({ ...options.worker, config, deliveries, clock, logger })
    : null;
  const publisher = createWebhookPublisher({
    config,
    deliveries,
    newId: createDeliveryIds(clock),
    onEnqueued: () => worker?.nudge(),
  });
  return { publish: (event) => publisher.publish(event), worker, publisher };
}
