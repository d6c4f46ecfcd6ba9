import { z } from 'zod';
import { ENDPOINT_NAME } from '../../config/webhook-endpoints.js';
import {
  WEBHOOK_DELIVERY_STATES,
  type WebhookDeliveryState,
} from '../../model/webhook-delivery.js';
import { queryIntField } from '../fields.js';

export interface WebhookDeliveryListQuery {
  state?: WebhookDeliveryState | undefined;
  endpoint?: string | undefined;
  after?: string | undefined;
  limit: number;
}

export const webhookDeliveryListQuery: z.ZodType<WebhookDeliveryListQuery> = z.object({
  state: z.enum(WEBHOOK_DELIVERY_STATES).optional().describe('Only deliveries in this state.'),
  endpoint: z
    .string()
    .regex(ENDPOINT_NAME)
    .optional()
    .describe('Only deliveries to this endpoint (its `[webhooks.endpoints.<name>]` name).'),
  after: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe('Keyset paging: the `next` of the previous page.'),
  limit: queryIntField({ min: 1, max: 200, default: 50 }),
});

export interface WebhookDeliveryPath {
  delivery_id: string;
}

export const webhookDeliveryPath: z.ZodType<WebhookDeliveryPath> = z.object({
  delivery_id: z.string().min(1).max(64),
});

export const webhookDeliveryResponse: z.ZodType = z.object({
  id: z.string().describe('The `webhook-id` header of every attempt.'),
  endpoint: z.string(),
  event_type: z.string(),
  user_id: z.string().nullable(),
  state: z.enum(WEBHOOK_DELIVERY_STATES),
  attempts: z.number().int(),
  next_attempt_at: z.string(),
  last_status: z.number().int().nullable(),
  last_error: z.string().nullable(),
  created_at: z.string(),
  delivered_at: z.string().nullable(),
});

export const webhookDeliveryListResponse: z.ZodType = z.object({
  deliveries: z.array(webhookDeliveryResponse),
  next: z.string().nullable(),
});
