import type { WebhookEvent } from './webhook-event.js';

// Detail keys that could carry a credential. The audit log never records one; this is the
// second lock, so a detail added carelessly later still cannot leave the process.
const SECRET_KEY = /pass(word)?|secret|token|code|otp|seed|key|hash|cookie|authorization/i;

function scrub(value: unknown, depth: number): unknown {
  if (Array.isArray(value)) return depth > 4 ? [] : value.map((item) => scrub(item, depth + 1));
  if (typeof value !== 'object' || value === null) return value;
  if (depth > 4) return {};
  const kept: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!SECRET_KEY.test(key)) kept[key] = scrub(item, depth + 1);
  }
  return kept;
}

/**
 * The Standard Webhooks body: `{"type", "timestamp", "data"}`, where data is the event's
 * own fields only (an extra property of the object handed in is not copied).
 */
export function webhookBody(event: WebhookEvent): string {
  return JSON.stringify({
    type: event.type,
    timestamp: event.occurred_at,
    data: {
      id: event.id,
      type: event.type,
      occurred_at: event.occurred_at,
      outcome: event.outcome,
      actor_id: event.actor_id,
      user_id: event.user_id,
      ip: event.ip,
      user_agent: event.user_agent,
      details: scrub(event.details, 0),
    },
  });
}
