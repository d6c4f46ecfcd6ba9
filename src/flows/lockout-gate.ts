import { RegstackError } from '../errors/errors.js';
import type { FlowDeps } from './deps.js';

/** The 429 of a locked account, before any password hash or code check runs. */
export async function refuseIfLocked(
  deps: FlowDeps,
  email: string,
  ip: string | null,
): Promise<void> {
  const status = await deps.lockout.check(email, ip);
  if (!status.locked) return;
  throw new RegstackError('locked_out', {
    detail: `Too many failed attempts. Try again in ${status.retryAfterSeconds} seconds.`,
    retryAfter: status.retryAfterSeconds,
  });
}
