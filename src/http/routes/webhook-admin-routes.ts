import { formatIsoZ } from '../../clock/instant.js';
import { listWebhookDeliveries, retryWebhookDelivery } from '../../flows/webhook-deliveries.js';
import type { WebhookDeliveryRecord } from '../../model/webhook-delivery.js';
import { defineRoute } from '../define-route.js';
import type { requireSession } from '../middleware/auth.js';
import type { RouteContext } from '../route-context.js';
import {
  webhookDeliveryListQuery,
  webhookDeliveryListResponse,
  webhookDeliveryPath,
  webhookDeliveryResponse,
} from '../schemas/webhook-schemas.js';

/** A delivery as the admin API shows it: the state of the row, not the event it carries. */
function deliveryJson(row: WebhookDeliveryRecord) {
  return {
    id: row.id,
    endpoint: row.endpoint,
    event_type: row.eventType,
    user_id: row.userId,
    state: row.state,
    attempts: row.attempts,
    next_attempt_at: formatIsoZ(row.nextAttemptAt),
    last_status: row.lastStatus,
    last_error: row.lastError,
    created_at: formatIsoZ(row.createdAt),
    delivered_at: row.deliveredAt === null ? null : formatIsoZ(row.deliveredAt),
  };
}

/** `GET /admin/webhooks/deliveries` and `POST /admin/webhooks/deliveries/{id}/retry`. */
export function mountWebhookAdminRoutes(
  { app, table, prefix, deps }: RouteContext,
  admin: ReturnType<typeof requireSession>,
): void {
  const common = { tag: 'admin', secured: true, guard: admin } as const;

  defineRoute(app, table, prefix, {
    ...common,
    method: 'get',
    path: '/admin/webhooks/deliveries',
    summary: 'List webhook deliveries, newest first (dead letters with state=dead)',
    status: 200,
    response: webhookDeliveryListResponse,
    query: webhookDeliveryListQuery,
    handler: async (c, { query }) => {
      const page = await listWebhookDeliveries(deps, query);
      return c.json({ deliveries: page.deliveries.map(deliveryJson), next: page.next }, 200);
    },
  });

  defineRoute(app, table, prefix, {
    ...common,
    method: 'post',
    path: '/admin/webhooks/deliveries/:delivery_id/retry',
    summary: 'Queue a dead webhook delivery again, due now, with its attempts reset',
    status: 200,
    response: webhookDeliveryResponse,
    params: webhookDeliveryPath,
    handler: async (c, { params }) => {
      const row = await retryWebhookDelivery(deps, params.delivery_id);
      return c.json(deliveryJson(row), 200);
    },
  });
}
