import { RegstackError } from '../errors/errors.js';
import type { FlowDeps } from './deps.js';

/**
 * The 429 of a locked account, before any password hash or code check runs. `step` names
 * the sign-in step refused, for the `login.locked` event; re-authentication checks (a
 * current password) pass none and record nothing here.
 */
export async function refuseIfLocked(
  deps: FlowDeps,
  email: string,
  ip: string | null,
  step?: 'login' | 'mfa' | undefined,
): Promise<void> {
  const status = await deps.lockout.check(email, ip);
  if (!status.locked) return;
  if (step !== undefined) {
    const user = await deps.storage.users.getByEmail(email);
    await deps.audit.record({
      type: 'login.locked',
      outcome: 'failure',
      userId: user?.id ?? null,
      details: { step, retry_after_seconds: status.retryAfterSeconds },
    });
  }
  throw new RegstackError('locked_out', {
    detail: `Too many failed attempts. Try again in ${status.retryAfterSeconds} seconds.`,
    retryAfter: status.retryAfterSeconds,
  });
}
