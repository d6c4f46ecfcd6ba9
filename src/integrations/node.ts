import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Regstack } from '../regstack.js';
import { isUnderPrefixes } from './prefixes.js';

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface NodeHandlerOptions {
  /** Called for requests outside regstack's prefixes; without it they get regstack's 404. */
  readonly fallback?: NodeHandler | undefined;
}

/**
 * A plain node:http handler serving regstack's routes.
 *
 * @example
 * http.createServer(createNodeHandler(rs, { fallback: myApp })).listen(3000);
 */
export function createNodeHandler(rs: Regstack, options: NodeHandlerOptions = {}): NodeHandler {
  const listener = getRequestListener(rs.fetch);
  const { fallback } = options;
  return function regstackNodeHandler(req, res) {
    if (fallback && !isUnderPrefixes(req.url ?? '/', rs.prefixes)) {
      fallback(req, res);
      return;
    }
    void listener(req, res);
  };
}
