import type { AuditDetails, AuditEventRecord, AuditOutcome } from '../model/records.js';
import { USER_AGENT_MAX_LENGTH } from '../model/records.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { AuditEventsRepo } from '../ports/storage.js';
import { currentAuditClient } from './client-context.js';
import type { AuditEventType } from './event-types.js';

/** What a flow says about an event; the recorder adds the time and the client. */
export interface AuditEntry {
  readonly type: AuditEventType;
  /** @default 'success' */
  readonly outcome?: AuditOutcome | undefined;
  /** Whose account the event concerns; null when no account is known. */
  readonly userId: string | null;
  /** Who acted, when not the user themselves (an administrator). @default userId */
  readonly actorId?: string | null | undefined;
  /** Non-secret facts only: never a password, token, code or secret. */
  readonly details?: AuditDetails | undefined;
}

export interface AuditRecorder {
  /**
   * Appends the event. Never rejects: the change it records has already happened, so a
   * storage failure here is logged and the caller's answer stands.
   */
  record(entry: AuditEntry): Promise<void>;
}

/*
 * The storage port has no transaction spanning repositories, so an event is appended right
 * after the change it records, not in the same transaction: a crash between the two loses
 * the event, never the change. Appending is awaited, so an answer is sent once its event is
 * stored (or its failure logged).
 */
export function createAuditRecorder(options: {
  readonly audit: AuditEventsRepo;
  readonly clock: Clock;
  readonly logger: Logger;
  /**
   * Hands each stored event on (the webhook outbox). Called only once the event is stored,
   * so a webhook never announces an event the log lacks.
   */
  readonly publish?: ((event: AuditEventRecord) => Promise<unknown>) | undefined;
}): AuditRecorder {
  const { audit, clock, logger, publish } = options;
  return {
    async record(entry) {
      const client = currentAuditClient();
      const userAgent = client?.userAgent ?? null;
      let stored: AuditEventRecord;
      try {
        stored = await audit.append({
          occurredAt: clock.now(),
          type: entry.type,
          outcome: entry.outcome ?? 'success',
          actorId: entry.actorId === undefined ? entry.userId : entry.actorId,
          userId: entry.userId,
          ip: client?.ip ?? null,
          userAgent: userAgent === null ? null : userAgent.slice(0, USER_AGENT_MAX_LENGTH),
          details: entry.details ?? {},
        });
      } catch (error) {
        // The type and the error's class only: details may name an address, and a driver's
        // message may quote the statement's values.
        logger.error(
          { event: 'audit_append_failed', audit_type: entry.type, error_name: errorName(error) },
          'An audit event could not be stored.',
        );
        return;
      }
      if (publish === undefined) return;
      try {
        await publish(stored);
      } catch (error) {
        logger.error(
          { event: 'webhook_enqueue_failed', audit_type: entry.type, error_name: errorName(error) },
          'A webhook delivery could not be queued.',
        );
      }
    },
  };
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
