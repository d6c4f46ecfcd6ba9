/*
 * A client that closes or resets its connection before its body has arrived is routine (a
 * closed tab, a dropped mobile link, a client timeout) and says nothing about the server.
 * Reading the body then fails with node's `aborted` (ECONNRESET) or an AbortError. Such a
 * failure is told apart here, at the one place the body is read, so that it is logged at
 * debug level: as a 500 with a stack it would let any client fill the error log and bury
 * real failures. An ECONNRESET anywhere else (a database socket) stays an error.
 */

const DISCONNECT_CODES = new Set([
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/** The request body could not be read because the client went away. */
export class ClientDisconnectedError extends Error {
  constructor(options: { cause: unknown }) {
    super('The client closed the connection before its request body arrived.', options);
    this.name = 'ClientDisconnectedError';
  }
}

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

function looksLikeDisconnect(error: unknown, request: Request): boolean {
  // @hono/node-server aborts the request's signal when the connection closes early; the
  // read can reject before or after that, so the error itself is checked too.
  if (request.signal.aborted) return true;
  if (error instanceof Error && error.name === 'AbortError') return true;
  const code = codeOf(error);
  return typeof code === 'string' && DISCONNECT_CODES.has(code);
}

/** Awaits a read of `request`'s body, turning a failure caused by the client leaving into `ClientDisconnectedError`. */
export async function readFromClient<T>(request: Request, read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (looksLikeDisconnect(error, request)) throw new ClientDisconnectedError({ cause: error });
    throw error;
  }
}
