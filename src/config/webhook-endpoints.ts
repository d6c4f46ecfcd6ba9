import { z } from 'zod';
import { flag, httpUrl, stringList } from './fields.js';
import { isLoopbackHttpUrl } from './oauth-providers.js';
import { Secret } from './secret.js';

// `[webhooks.endpoints.<name>]` tables: receivers of signed outbound webhooks.

/** One `[webhooks.endpoints.<name>]` table. */
export interface WebhookEndpointConfig {
  /** Where deliveries are POSTed: https, or http on a loopback host. Required. */
  readonly url: string;
  /** The Standard Webhooks signing secret, `whsec_` + base64 (env `REGSTACK_WEBHOOKS__ENDPOINTS__<NAME>__SECRET`). Required. */
  readonly secret: Secret;
  /** Event types to deliver (`user.registered`, …), or `["*"]` for every one. Required. */
  readonly events: readonly string[];
  /** False keeps the table but sends nothing to it. @default true */
  readonly enabled: boolean;
}

/** Endpoint names: the `endpoint` of each delivery row and of the admin API's filter. */
export const ENDPOINT_NAME: RegExp = /^[a-z0-9-]{1,64}$/;
/** The event list entry that subscribes to every event type. */
export const ALL_EVENTS = '*';
const EVENT_TYPE = /^[a-z0-9_]+(\.[a-z0-9_]+)+$/;
// Standard Webhooks secrets: `whsec_` and the base64 of 24 to 64 random bytes.
const WHSEC = /^whsec_[A-Za-z0-9+/]+={0,2}$/;
const MIN_SECRET_BYTES = 24;
const MAX_SECRET_BYTES = 64;

function required(message: string): { error: (issue: { input: unknown }) => string } {
  return { error: (issue) => (issue.input === undefined ? 'is required' : message) };
}

/** Whether a secret is in the `whsec_<base64>` form with enough key bytes. */
export function isWebhookSecret(value: string): boolean {
  if (!WHSEC.test(value)) return false;
  const bytes = Buffer.from(value.slice('whsec_'.length), 'base64').length;
  return bytes >= MIN_SECRET_BYTES && bytes <= MAX_SECRET_BYTES;
}

const endpointShape = {
  url: httpUrl().refine(
    (url) => url.startsWith('https://') || isLoopbackHttpUrl(url),
    'must be an https:// URL (http:// only on localhost, 127.0.0.1 or [::1])',
  ),
  secret: z.preprocess(
    (value) => (typeof value === 'string' ? new Secret(value.trim()) : value),
    // The message describes the form only: the value never reaches an error.
    z
      .instanceof(Secret, required('must be a string'))
      .refine(
        (secret) => isWebhookSecret(secret.reveal()),
        `must be a Standard Webhooks secret: whsec_ and the base64 of ${MIN_SECRET_BYTES} to ${MAX_SECRET_BYTES} bytes`,
      ),
  ),
  events: stringList()
    .refine((events) => events.length > 0, 'must name at least one event type, or "*"')
    .refine(
      (events) => events.every((event) => event === ALL_EVENTS || EVENT_TYPE.test(event)),
      'must hold event type names such as "user.registered", or "*"',
    ),
  enabled: flag().default(true),
};

const endpointObject = z.object(endpointShape, { error: 'must be a table of settings' });

/**
 * `webhooks.endpoints`: endpoint tables by name, each checked on its own so that every
 * problem of every table is reported at once.
 */
export const webhookEndpointsSchema: z.ZodType<
  Readonly<Record<string, WebhookEndpointConfig>>,
  unknown
> = z.unknown().transform((raw, ctx) => {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    ctx.issues.push({ code: 'custom', message: 'must be a table of endpoint tables', input: raw });
    return z.NEVER;
  }
  const endpoints: Record<string, WebhookEndpointConfig> = {};
  let failed = false;
  for (const [name, table] of Object.entries(raw)) {
    if (!ENDPOINT_NAME.test(name)) {
      failed = true;
      ctx.issues.push({
        code: 'custom',
        path: [name],
        message: 'endpoint names must be 1 to 64 lowercase letters, digits and "-"',
        input: name,
      });
      continue;
    }
    const parsed = endpointObject.safeParse(table);
    if (parsed.success) {
      endpoints[name] = parsed.data;
      continue;
    }
    failed = true;
    for (const issue of parsed.error.issues) {
      ctx.issues.push({
        code: 'custom',
        message: issue.message,
        input: undefined,
        path: [name, ...issue.path],
      });
    }
  }
  return failed ? z.NEVER : endpoints;
});

/** The field names of an endpoint table. */
export const ENDPOINT_FIELDS: readonly string[] = Object.keys(endpointShape);

/** Whether an endpoint wants events of this type. */
export function subscribes(endpoint: WebhookEndpointConfig, type: string): boolean {
  return (
    endpoint.enabled && (endpoint.events.includes(ALL_EVENTS) || endpoint.events.includes(type))
  );
}
