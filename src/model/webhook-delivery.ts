import type { Instant } from '../ports/clock.js';

export const WEBHOOK_DELIVERY_STATES = ['pending', 'delivered', 'dead'] as const;
export type WebhookDeliveryState = (typeof WEBHOOK_DELIVERY_STATES)[number];

/**
 * One event for one endpoint in the webhook outbox (issue 16). The id is the Standard
 * Webhooks `webhook-id`, the same on every attempt, and ids sort in the order the rows were
 * written: that order is the delivery order per endpoint and user.
 */
export interface WebhookDeliveryRecord {
  readonly id: string;
  readonly endpoint: string;
  readonly eventType: string;
  /** The user the event is about; rows without one are not ordered among themselves. */
  readonly userId: string | null;
  /** The JSON body sent on every attempt (`{"type", "timestamp", "data"}`). */
  readonly payload: string;
  readonly state: WebhookDeliveryState;
  /** Attempts started so far, counted when a row is claimed. */
  readonly attempts: number;
  readonly nextAttemptAt: Instant;
  readonly leaseUntil: Instant | null;
  readonly leaseOwner: string | null;
  /** The HTTP status of the last attempt, null when it got no response. */
  readonly lastStatus: number | null;
  /** Why the last attempt failed, in words of ours (never a secret, never the response body). */
  readonly lastError: string | null;
  readonly createdAt: Instant;
  readonly deliveredAt: Instant | null;
}

export interface NewWebhookDelivery {
  readonly id: string;
  readonly endpoint: string;
  readonly eventType: string;
  readonly userId: string | null;
  readonly payload: string;
}

/** The longest `last_error` kept; longer ones are cut. */
export const WEBHOOK_ERROR_MAX_LENGTH = 500;
