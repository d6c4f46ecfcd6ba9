import type { IncomingMessage } from 'node:http';
import { isIPv4, isIPv6, SocketAddress } from 'node:net';
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
 *
 * The address is then normalised, because one client can be written many ways (upper or
 * lower case, zero groups spelled out, a zone id, brackets and a port, an IPv4 address
 * inside `::ffff:`), and a limit keyed by the text would count each spelling apart.
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
    c.set('clientIp', ip === null ? null : normaliseIp(ip).slice(0, 64));
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

const BRACKETED = /^\[([^\]]*)\](?::\d{1,5})?$/;
const IPV4_WITH_PORT = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/;
const DOTTED_QUAD = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/;

/**
 * One spelling per address: RFC 5952 text for IPv6 (lower case, shortest form, no zone
 * id), dotted decimal for IPv4, and the IPv4 form of an IPv4-mapped IPv6 address. Brackets
 * and a port, as some proxies write them, are dropped. Text that is no address is returned
 * lower-cased and trimmed, so it still keys one bucket.
 */
export function normaliseIp(raw: string): string {
  let text = raw.trim().toLowerCase();
  text = BRACKETED.exec(text)?.[1] ?? IPV4_WITH_PORT.exec(text)?.[1] ?? text;
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  if (DOTTED_QUAD.test(text)) return dottedDecimal(text) ?? text;
  if (!isIPv6(text)) return text;
  const canonical = new SocketAddress({ address: text, family: 'ipv6' }).address;
  const mapped = MAPPED_IPV4.exec(canonical)?.[1];
  return mapped !== undefined && isIPv4(mapped) ? mapped : canonical;
}

/** `010.001.002.003` → `10.1.2.3`; null when an octet is past 255. */
function dottedDecimal(text: string): string | null {
  const octets = text.split('.').map((octet) => Number.parseInt(octet, 10));
  if (octets.some((octet) => octet > 255)) return null;
  return octets.join('.');
}
