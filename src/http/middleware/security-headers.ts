import type { MiddlewareHandler } from 'hono';
import { nodeBindings } from './node-bindings.js';

const SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['Cache-Control', 'no-store'],
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
];

/** Account responses carry tokens and personal data: never cached, never sniffed. */
export function securityHeaders(): MiddlewareHandler {
  return async function securityHeadersMiddleware(c, next) {
    // On node:http the headers go on the socket's response up front; node:http merges them
    // into whatever the handler answers, so no WHATWG `Headers` is built for them (bench/).
    const { outgoing } = nodeBindings(c);
    if (outgoing !== undefined && !outgoing.headersSent) {
      for (const [name, value] of SECURITY_HEADERS) outgoing.setHeader(name, value);
      return next();
    }
    await next();
    // Set on the response's own headers: `c.header()` after the handler has answered
    // rebuilds the Response around a body stream once per call, which on node:http nearly
    // doubled the CPU of `GET /me` (bench/). Headers of a response we did not build may be
    // immutable; those take the slow path.
    try {
      const headers = c.res.headers;
      for (const [name, value] of SECURITY_HEADERS) headers.set(name, value);
    } catch {
      for (const [name, value] of SECURITY_HEADERS) c.header(name, value);
    }
  };
}
