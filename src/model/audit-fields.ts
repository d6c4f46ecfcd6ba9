import { formatIsoZ } from '../clock/instant.js';
import {
  AUDIT_OUTCOMES,
  type AuditDetails,
  type AuditEventRecord,
  type AuditOutcome,
} from './records.js';

/** A stored outcome read back; anything else is a corrupt row, not bad input. */
export function toAuditOutcome(text: string): AuditOutcome {
  const outcome = AUDIT_OUTCOMES.find((known) => known === text);
  if (outcome === undefined) throw new TypeError(`Unknown audit outcome '${text}'.`);
  return outcome;
}

/**
 * Stored details read back as flat scalars, as every backend writes them; other values are
 * dropped, so a row edited by hand cannot hand a nested object to the API or a webhook.
 */
export function toAuditDetails(raw: unknown): AuditDetails {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  const details: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (
      value === null ||
      typeof value === 'string' ||
      typeof value === 'number' ||
      typeof value === 'boolean'
    ) {
      details[key] = value;
    }
  }
  return details;
}

/** The public form of an event: what the audit routes answer and outgoing webhooks carry. */
export interface AuditEventJson {
  readonly id: string;
  readonly type: string;
  /** ISO 8601 UTC. */
  readonly occurred_at: string;
  readonly outcome: AuditOutcome;
  readonly actor_id: string | null;
  readonly user_id: string | null;
  readonly ip: string | null;
  readonly user_agent: string | null;
  readonly details: AuditDetails;
}

export function auditEventJson(event: AuditEventRecord): AuditEventJson {
  return {
    id: event.id,
    type: event.type,
    occurred_at: formatIsoZ(event.occurredAt),
    outcome: event.outcome,
    actor_id: event.actorId,
    user_id: event.userId,
    ip: event.ip,
    user_agent: event.userAgent,
    details: event.details,
  };
}
