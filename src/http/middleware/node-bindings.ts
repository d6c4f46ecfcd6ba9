import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'hono';

/** The node:http request and response that @hono/node-server passes as `c.env`, when served there. */
export interface NodeBindings {
  readonly incoming?: IncomingMessage | undefined;
  readonly outgoing?: ServerResponse | undefined;
}

/** The node:http objects behind this request, or none on other runtimes and in `app.fetch`. */
export function nodeBindings(c: Context): NodeBindings {
  const env = c.env as NodeBindings | undefined;
  return env ?? {};
}

/**
 * A request header as WHATWG `Headers` would give it (repeated fields joined with ", "),
 * read from node:http's raw header list: `c.req.header()` would first build a `Headers`
 * of every field, which costs more than the lookup it serves on the hot path.
 */
export function nodeRequestHeader(incoming: IncomingMessage, name: string): string | undefined {
  const raw = incoming.rawHeaders;
  let value: string | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]?.toLowerCase() !== name) continue;
    const field = (raw[i + 1] ?? '').trim();
    value = value === undefined ? field : `${value}, ${field}`;
  }
  return value;
}
