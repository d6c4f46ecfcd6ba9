import { listAuditEvents } from '../../flows/audit-log.js';
import { auditEventJson } from '../../model/audit-fields.js';
import { defineRoute } from '../define-route.js';
import { requireSession } from '../middleware/auth.js';
import type { RouteContext } from '../route-context.js';
import {
  adminAuditQuery,
  auditListResponse,
  auditTypesField,
  encodeAuditCursor,
  ownAuditQuery,
} from '../schemas/audit-schemas.js';
import { RequestValidationError } from '../validation-error.js';

function pageJson(page: Awaited<ReturnType<typeof listAuditEvents>>): Record<string, unknown> {
  return {
    events: page.events.map(auditEventJson),
    next_cursor: page.next === null ? null : encodeAuditCursor(page.next),
  };
}

/**
 * Every `type` given, repeated or comma-separated. The query schema sees only the last
 * value of a repeated parameter, so each is checked here with the same field.
 */
function typesOf(all: readonly string[] | undefined): string[] | undefined {
  if (all === undefined || all.length === 0) return undefined;
  const names: string[] = [];
  for (const value of all) {
    const parsed = auditTypesField.safeParse(value);
    if (!parsed.success) {
      throw new RequestValidationError([
        {
          type: 'value_error',
          loc: ['query', 'type'],
          msg: parsed.error.issues[0]?.message ?? 'Value error, unknown event type',
          input: value,
        },
      ]);
    }
    names.push(...parsed.data);
  }
  return [...new Set(names)];
}

/** `GET /audit`: the caller's own recent security events (issue 16). */
export function mountAuditRoutes({ app, table, prefix, deps }: RouteContext): void {
  defineRoute(app, table, prefix, {
    method: 'get',
    path: '/audit',
    summary: 'The caller’s recent security events, newest first',
    tag: 'session',
    secured: true,
    guard: requireSession(deps, 'user'),
    status: 200,
    response: auditListResponse,
    query: ownAuditQuery,
    handler: async (c, { query }) => {
      const page = await listAuditEvents(
        deps,
        { userId: c.get('session').user.id },
        { limit: query.limit, after: query.after },
      );
      return c.json(pageJson(page), 200);
    },
  });
}

/** `GET /admin/audit`: the whole log, filtered; mounted with the admin router. */
export function mountAdminAuditRoutes({ app, table, prefix, deps }: RouteContext): void {
  defineRoute(app, table, prefix, {
    method: 'get',
    path: '/admin/audit',
    summary: 'Security events, newest first, filtered by user, type, outcome and time',
    tag: 'admin',
    secured: true,
    guard: requireSession(deps, 'admin'),
    status: 200,
    response: auditListResponse,
    query: adminAuditQuery,
    handler: async (c, { query }) => {
      const page = await listAuditEvents(
        deps,
        {
          userId: query.user_id,
          types: typesOf(c.req.queries('type')),
          outcome: query.outcome,
          since: query.since,
          until: query.until,
        },
        { limit: query.limit, after: query.after },
      );
      return c.json(pageJson(page), 200);
    },
  });
}
