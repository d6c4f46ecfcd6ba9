import type { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.js';
import type { Regstack } from '../regstack.js';

/**
 * The regstack Hono app, its routes already under their prefixes.
 *
 * @example
 * app.route('/', regstackHono(rs));
 */
export function regstackHono(rs: Regstack): Hono<AppEnv> {
  return rs.app;
}

export type { AppEnv as RegstackHonoEnv };
