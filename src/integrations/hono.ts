import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.js';
import type { Regstack } from '../regstack.js';

/**
 * A Hono app owning regstack's prefixes; mount it at the root of the host's app.
 *
 * Every request under a prefix is handed whole to regstack's own app (with the host's
 * `env`, which carries the Node socket for the client address), so unknown paths and
 * wrong methods there get regstack's JSON 404 and 405 rather than the host's not-found
 * handler, which `app.route()` would otherwise apply to them.
 *
 * @example
 * app.route('/', regstackHono(rs));
 */
export function regstackHono(rs: Regstack): Hono<AppEnv> {
  const mount = new Hono<AppEnv>();
  const forward = (c: { req: { raw: Request }; env: unknown }): Promise<Response> =>
    rs.fetch(c.req.raw, c.env);
  for (const prefix of rs.prefixes) {
    if (prefix === '') {
      mount.all('*', forward);
    } else {
      mount.all(prefix, forward);
      mount.all(`${prefix}/*`, forward);
    }
  }
  return mount;
}

export type { AppEnv as RegstackHonoEnv };
