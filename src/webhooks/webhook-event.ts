/**
 * An event as the audit log records it (issue 16): what the publisher takes. Nothing in it
 * may be a password, token or code; the payload builder drops such detail keys regardless.
 */
export interface WebhookEvent {
  readonly id: string;
  /** `user.registered`, `login.succeeded`, `admin.user_updated`, … */
  readonly type: string;
  /** ISO 8601 UTC. */
  readonly occurred_at: string;
  readonly outcome: string;
  readonly actor_id: string | null;
  readonly user_id: string | null;
  readonly ip: string | null;
  readonly user_agent: string | null;
  readonly details: Readonly<Record<string, unknown>>;
}

/** The event `regstack doctor` sends to check an endpoint. */
export const TEST_EVENT_TYPE = 'webhook.test';
