import type { MiddlewareHandler } from 'hono';

const SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['Cache-Control', 'no-store'],
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
];

/** Account responses carry tokens and personal data: never cached, never sniffed. */
export function securityHeaders(): MiddlewareHandler {
  return async function securityHeadersMiddleware(c, next) {
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
