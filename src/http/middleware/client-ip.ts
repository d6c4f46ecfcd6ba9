import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';

export interface ClientIpOptions {
  /** `behind_proxy`: read the client address from `X-Forwarded-For`. */
  readonly behindProxy: boolean;
  /** `trusted_proxy_hops`: how many proxies, counted from ours outwards, append to the header. */
  readonly trustedProxyHops: number;
}

/*
 * The client address feeds rate limits and audit records. `X-Forwarded-For` is trusted
 * only behind a proxy the operator declared (`behind_proxy`, Decision 10): otherwise any
 * client could choose its own address and dodge every per-IP limit. Even then only the
 * entries our own proxies appended are trusted: a proxy appends the address it saw to
 * whatever the client sent, so the left-most entry is the client's own text and the
 * entry `trusted_proxy_hops` from the right is the first one no client can forge.
 */
export function clientIp(options: ClientIpOptions): MiddlewareHandler<AppEnv> {
  return async function clientIpMiddleware(c, next) {
    let ip: string | null = null;
    if (options.behindProxy) {
      ip = forwardedClient(c.req.header('x-forwarded-for'), options.trustedProxyHops);
    }
    if (ip === null) {
      const env = c.env as { incoming?: IncomingMessage } | undefined;
      ip = env?.incoming?.socket?.remoteAddress ?? null;
    }
    c.set('clientIp', ip === null ? null : ip.slice(0, 64));
    return next();
  };
}

/**
 * The address `hops` entries from the right of the header (all of its instances joined,
 * as RFC 7230 allows). A chain shorter than the hops declared means the request did not
 * come through every proxy; its left-most entry is then the best there is.
 */
export function forwardedClient(header: string | undefined, hops: number): string | null {
  if (header === undefined) return null;
  const entries = header
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) return null;
  return entries[Math.max(entries.length - hops, 0)] ?? null;
}
