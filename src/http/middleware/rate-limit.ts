import type { MiddlewareHandler } from 'hono';
import { RegstackError } from '../../errors/errors.js';
import { clientNetwork } from '../../limits/client-network.js';
import type { RouteLimit } from '../../limits/route-limits.js';
import type { AppEnv } from '../app-env.js';

/*
 * Per-client-IP limits, applied before the body is read so a flood costs no parsing and
 * no password hash. Requests with no known address share one bucket rather than escape,
 * and IPv6 clients are counted per /64 (see `clientNetwork`).
 */
export function rateLimit(limit: RouteLimit): MiddlewareHandler<AppEnv> {
  return async function rateLimitMiddleware(c, next) {
    if (c.req.method !== limit.method) return next();
    const key = clientNetwork(c.get('clientIp'));
    let retryAfter = 0;
    for (const limiter of limit.limiters) {
      const decision = await limiter.hit(key);
      if (!decision.allowed) retryAfter = Math.max(retryAfter, decision.retryAfterSeconds);
    }
    if (retryAfter > 0) throw new RegstackError('rate_limited', { retryAfter });
    return next();
  };
}
