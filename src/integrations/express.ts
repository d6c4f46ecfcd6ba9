import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Regstack } from '../regstack.js';
import { isUnderPrefixes } from './prefixes.js';

/** The parts of an Express request the bridge reads (Express itself is not imported). */
interface ExpressLikeRequest extends IncomingMessage {
  originalUrl?: string;
  body?: unknown;
  rawBody?: unknown;
  _body?: boolean;
}

export type ExpressMiddleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/*
 * A body parser that ran before this middleware has consumed the stream. The host can keep
 * the bytes with the parser's `verify` option (`req.rawBody`), which the bridge reads as
 * they are; failing that, a JSON body already parsed is serialised again, so mounting
 * after `express.json()` still works.
 */
function recoverBody(req: ExpressLikeRequest): void {
  if (req.rawBody instanceof Buffer) return;
  if (req._body === true && req.body !== undefined) {
    req.rawBody = Buffer.from(JSON.stringify(req.body));
  }
}

/**
 * Express 5 middleware serving regstack's routes and passing every other request on.
 * Mount it at the application root, preferably before `express.json()`.
 *
 * @example
 * app.use(regstackExpress(rs));
 */
export function regstackExpress(rs: Regstack): ExpressMiddleware {
  const listener = getRequestListener(rs.fetch);
  return function regstackMiddleware(req, res, next) {
    const request = req as ExpressLikeRequest;
    const url = request.originalUrl ?? request.url ?? '/';
    if (!isUnderPrefixes(url, rs.prefixes)) {
      next();
      return;
    }
    request.url = url;
    recoverBody(request);
    listener(request, res).catch(next);
  };
}
