import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';

/*
 * The client address feeds rate limits and audit records. `X-Forwarded-For` is trusted
 * only behind a proxy the operator declared (`behind_proxy`, Decision 10): otherwise any
 * client could choose its own address and dodge every per-IP limit.
 */
export function clientIp(behindProxy: boolean): MiddlewareHandler<AppEnv> {
  return async function clientIpMiddleware(c, next) {
    let ip: string | null = null;
    if (behindProxy) {
      const forwarded = c.req.header('x-forwarded-for');
      const first = forwarded?.split(',')[0]?.trim();
      if (first) ip = first;
    }
    if (ip === null) {
      const env = c.env as { incoming?: IncomingMessage } | undefined;
      ip = env?.incoming?.socket?.remoteAddress ?? null;
    }
    c.set('clientIp', ip === null ? null : ip.slice(0, 64));
    return next();
  };
}
