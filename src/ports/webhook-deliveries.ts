import type {
  NewWebhookDelivery,
  WebhookDeliveryRecord,
  WebhookDeliveryState,
} from '../model/webhook-delivery.js';
import type { Instant } from './clock.js';

export interface ClaimRequest {
  /** Who holds the lease: one id per worker. */
  readonly owner: string;
  readonly limit: number;
  readonly leaseMicros: number;
}

/** How a failed attempt ends: tried again at `nextAttemptAt`, or dead. */
export type FailureOutcome =
  | { readonly retryAt: Instant; readonly status: number | null; readonly error: string }
  | { readonly dead: true; readonly status: number | null; readonly error: string };

export interface DeliveryListQuery {
  readonly state?: WebhookDeliveryState | undefined;
  readonly endpoint?: string | undefined;
  /** Keyset paging: rows listed after this id (newest first). */
  readonly after?: string | undefined;
  readonly limit: number;
}

/** The webhook outbox (issue 16). */
export interface WebhookDeliveriesRepo {
  /** Writes the rows, all or none; ids must be new. */
  enqueue(rows: readonly NewWebhookDelivery[]): Promise<void>;
  /**
   * Leases up to `limit` pending rows that are due, whose lease is free or expired, and that
   * have no earlier pending row for the same endpoint and user; counts an attempt on each.
   * Concurrent claimers never receive the same row while its lease runs.
   */
  claim(request: ClaimRequest): Promise<WebhookDeliveryRecord[]>;
  /** True when `owner` still held the row's lease and the row is now delivered. */
  markDelivered(id: string, owner: string, status: number): Promise<boolean>;
  /** True when `owner` still held the row's lease and the failure is recorded. */
  markFailed(id: string, owner: string, outcome: FailureOutcome): Promise<boolean>;
  get(id: string): Promise<WebhookDeliveryRecord | null>;
  /** Newest first. */
  list(query: DeliveryListQuery): Promise<WebhookDeliveryRecord[]>;
  /** A dead row back to pending, due now, with its attempts reset; null unless it was dead. */
  retry(id: string): Promise<WebhookDeliveryRecord | null>;
  /** Deletes delivered rows delivered before `before`; returns how many. */
  purgeDelivered(before: Instant): Promise<number>;
}
