import { DuplicateEmailError, RegstackError, StorageUnavailableError } from '../errors/errors.js';
import type { Logger } from '../ports/logger.js';
import { ClientDisconnectedError } from './middleware/client-disconnect.js';
import { RequestValidationError } from './validation-error.js';

const WWW_AUTHENTICATE_CODES = new Set(['authentication_required', 'invalid_token']);

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

function isBusy(error: unknown): error is Error & { retryAfterSeconds?: number } {
  return error instanceof Error && error.name === 'HasherBusyError';
}

/**
 * The one place that turns an error into a response. Anything not in the catalogue is
 * logged and answered with a bare 500 that reveals nothing.
 */
export function errorResponse(error: unknown, logger: Logger): Response {
  if (error instanceof RequestValidationError) return json(422, { detail: error.issues });
  if (error instanceof ClientDisconnectedError) {
    // Nobody is left to read the answer; a debug line is enough (issue 21, item 10).
    const cause = error.cause instanceof Error ? error.cause.message : String(error.cause);
    logger.debug({ err: cause }, 'regstack client disconnected before its request body arrived');
    return new Response(null, { status: 400 });
  }
  if (error instanceof RegstackError) {
    const headers: Record<string, string> = {};
    if (WWW_AUTHENTICATE_CODES.has(error.code)) headers['WWW-Authenticate'] = 'Bearer';
    if (error.retryAfter !== undefined) headers['Retry-After'] = String(error.retryAfter);
    return json(error.status, { detail: error.detail }, headers);
  }
  if (error instanceof DuplicateEmailError) {
    return json(409, { detail: 'An account with that email already exists.' });
  }
  if (isBusy(error)) {
    const seconds = error.retryAfterSeconds ?? 1;
    const busy = new RegstackError('server_busy', { retryAfter: seconds });
    return json(busy.status, { detail: busy.detail }, { 'Retry-After': String(seconds) });
  }
  if (error instanceof Error && error.name === 'RateLimitStoreError') {
    logger.error({ err: error.message }, 'regstack rate-limit store failed');
    const unavailable = new RegstackError('rate_limit_unavailable');
    return json(unavailable.status, { detail: unavailable.detail }, { 'Retry-After': '5' });
  }
  if (error instanceof StorageUnavailableError) {
    // The database is down or unreachable: a condition to retry, not a bug to hide behind
    // a 500. The message names only the masked URL (Decision 24).
    logger.error({ err: error.message }, 'regstack storage unavailable');
    return json(
      503,
      { detail: 'The database is unavailable. Try again shortly.' },
      { 'Retry-After': '5' },
    );
  }
  logger.error(
    {
      err: error instanceof Error ? error.message : String(error),
      stack: error instanceof Error ? error.stack : undefined,
    },
    'regstack request failed',
  );
  return json(500, { detail: 'Internal Server Error' });
}
