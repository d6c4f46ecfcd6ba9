import { z } from 'zod';
import { AUDIT_EVENT_TYPES, isAuditEventType } from '../../audit/event-types.js';
import { MICROS_PER_MILLI } from '../../ports/clock.js';
import type { AuditCursor } from '../../ports/storage.js';
import { queryIntField } from '../fields.js';
import type { CustomIssueParams } from '../validation-error.js';

/*
 * The audit listings' query and answer (issue 16). The cursor is opaque to clients: it is
 * the last event's position, (occurred_at, id), base64url-encoded, so a page can start
 * just past it whatever was appended meanwhile.
 */

function valueError(msg: string): {
  code: 'custom';
  message: string;
  params: CustomIssueParams;
  input: undefined;
} {
  const params = { type: 'value_error', msg: `Value error, ${msg}` };
  return { code: 'custom', message: params.msg, params, input: undefined };
}

const CURSOR = /^(\d{1,17})\.([0-9a-f]{24,32})$/;

export function encodeAuditCursor(cursor: AuditCursor): string {
  return Buffer.from(`${cursor.occurredAt}.${cursor.id}`, 'utf8').toString('base64url');
}

export function decodeAuditCursor(text: string): AuditCursor | null {
  if (!/^[A-Za-z0-9_-]{1,96}$/.test(text)) return null;
  const match = CURSOR.exec(Buffer.from(text, 'base64url').toString('utf8'));
  const [, micros, id] = match ?? [];
  if (micros === undefined || id === undefined) return null;
  const occurredAt = Number(micros);
  return Number.isSafeInteger(occurredAt) ? { occurredAt, id } : null;
}

const cursorField = z
  .string()
  .transform((value, ctx) => {
    const cursor = decodeAuditCursor(value);
    if (cursor === null) ctx.addIssue(valueError('not a cursor this listing returned'));
    return cursor ?? { occurredAt: 0, id: '' };
  })
  .optional()
  .describe('The `next_cursor` of the previous page; the page starts just after it.');

/** An ISO 8601 date-time with a zone (`Z` or an offset): a naive time would be ambiguous. */
const ZONED_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

const instantField = z
  .string()
  .transform((value, ctx) => {
    const millis = ZONED_DATE_TIME.test(value) ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(millis)) {
      ctx.addIssue(
        valueError('expected an ISO 8601 date-time with a zone, e.g. 2026-01-31T00:00:00Z'),
      );
      return 0;
    }
    return millis * MICROS_PER_MILLI;
  })
  .optional();

/** Event type names, comma-separated; each must be one the log records. */
export const auditTypesField: z.ZodType<string[], string> = z
  .string()
  .transform((value, ctx) => {
    const names = value
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '');
    const unknown = names.find((name) => !isAuditEventType(name));
    if (names.length === 0 || unknown !== undefined) {
      ctx.addIssue(valueError(`unknown event type '${(unknown ?? value).slice(0, 64)}'`));
    }
    return names;
  })
  .describe(`Event types, repeated or comma-separated: ${AUDIT_EVENT_TYPES.join(', ')}.`);

export interface OwnAuditQuery {
  limit: number;
  after?: AuditCursor | undefined;
}
export const ownAuditQuery: z.ZodType<OwnAuditQuery> = z.object({
  limit: queryIntField({ min: 1, max: 100, default: 20 }),
  after: cursorField,
});

export interface AdminAuditQuery {
  user_id?: string | undefined;
  type?: string[] | undefined;
  outcome?: 'success' | 'failure' | undefined;
  since?: number | undefined;
  until?: number | undefined;
  limit: number;
  after?: AuditCursor | undefined;
}
/** Unknown query parameters are ignored, as on every listing. */
export const adminAuditQuery: z.ZodType<AdminAuditQuery> = z.object({
  // A NUL byte would reach PostgreSQL as a parameter it refuses: ids are word characters.
  user_id: z
    .string()
    .regex(/^[\w.-]{1,128}$/)
    .optional(),
  type: auditTypesField.optional(),
  outcome: z.enum(['success', 'failure']).optional(),
  since: instantField.describe('Events at or after this time (ISO 8601 with a zone).'),
  until: instantField.describe('Events before this time (ISO 8601 with a zone).'),
  limit: queryIntField({ min: 1, max: 200, default: 50 }),
  after: cursorField,
});

const auditEventResponse = z.object({
  id: z.string(),
  type: z.string(),
  occurred_at: z.string(),
  outcome: z.enum(['success', 'failure']),
  actor_id: z.string().nullable(),
  user_id: z.string().nullable(),
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

export const auditListResponse: z.ZodType = z.object({
  events: z.array(auditEventResponse),
  next_cursor: z.string().nullable(),
});
