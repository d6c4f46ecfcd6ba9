import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { MAX_BODY_BYTES } from '../http/middleware/json-body.js';
import type { Regstack } from '../regstack.js';
import { isUnderPrefixes } from './prefixes.js';

/** The parts of an Express request the bridge reads (Express itself is not imported). */
interface ExpressLikeRequest extends IncomingMessage {
  originalUrl?: string;
  body?: unknown;
  rawBody?: unknown;
}

export type ExpressHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

export type ExpressErrorHandler = (
  error: unknown,
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/** What `app.use()` takes: the bridge, then the handler for a body parser's refusals. */
export type ExpressMiddleware = [ExpressHandler, ExpressErrorHandler];

/*
 * A body parser that ran before this middleware has consumed the stream. The host can keep
 * the bytes with the parser's `verify` option (`req.rawBody`), which the bridge reads as
 * they are; failing that, a body the parser left in `req.body` is turned back into bytes
 * (a Buffer as it is, a string as UTF-8, anything else as JSON), so mounting after
 * `express.json()` still works. Only a stream already read is replaced.
 */
function recoverBody(req: ExpressLikeRequest): void {
  if (req.rawBody instanceof Buffer || !req.readableEnded || req.body === undefined) return;
  // `express.json()` turns an empty body into `{}`; regstack must see it empty.
  if (req.headers['content-length'] === '0') {
    req.rawBody = Buffer.alloc(0);
    return;
  }
  const { body } = req;
  if (body instanceof Buffer) req.rawBody = body;
  else if (typeof body === 'string') req.rawBody = Buffer.from(body, 'utf8');
  else req.rawBody = Buffer.from(JSON.stringify(body), 'utf8');
}

/** The fields of a body-parser (Express 5) error the bridge reads. */
interface BodyParserError {
  readonly type: string;
  readonly body?: unknown;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' && error !== null && 'type' in error && typeof error.type === 'string'
  );
}

/**
 * Express 5 middleware serving regstack's routes and passing every other request on.
 * Mount it at the application root, preferably before `express.json()`. Mounted after it,
 * the bridge also answers that parser's refusals for regstack's paths as regstack would:
 * unparseable JSON is regstack's 422 `json_invalid`, an oversized body its 413.
 *
 * @example
 * app.use(regstackExpress(rs));
 */
export function regstackExpress(rs: Regstack): ExpressMiddleware {
  const listener = getRequestListener(rs.fetch);
  const ownUrl = (request: ExpressLikeRequest): string | null => {
    const url = request.originalUrl ?? request.url ?? '/';
    return isUnderPrefixes(url, rs.prefixes) ? url : null;
  };

  const regstackMiddleware: ExpressHandler = (req, res, next) => {
    const request = req as ExpressLikeRequest;
    const url = ownUrl(request);
    if (url === null) {
      next();
      return;
    }
    request.url = url;
    recoverBody(request);
    listener(request, res).catch(next);
  };

  const regstackBodyErrors: ExpressErrorHandler = (error, req, res, next) => {
    const request = req as ExpressLikeRequest;
    const url = ownUrl(request);
    if (url === null || !isBodyParserError(error)) {
      next(error);
      return;
    }
    if (error.type === 'entity.parse.failed' && typeof error.body === 'string') {
      // The parser keeps the text it failed on; regstack parses it again for its own 422.
      request.rawBody = Buffer.from(error.body, 'utf8');
    } else if (error.type === 'entity.too.large') {
      // The parser drained the body; a stand-in one byte over regstack's limit gets its 413.
      request.rawBody = Buffer.alloc(MAX_BODY_BYTES + 1);
    } else {
      next(error);
      return;
    }
    request.url = url;
    listener(request, res).catch(next);
  };

  return [regstackMiddleware, regstackBodyErrors];
}
