import type { EmailKind, EmailMessage, SmsKind } from '../ports/delivery.js';
import type { FlowDeps } from './deps.js';

/*
 * Decision 15: delivery happens after the writes have committed, and a failed delivery
 * never fails the request. It is logged without the message (which holds the token,
 * link or code) and reported through the `delivery_failed` hook; the user can resend.
 */

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function reportFailure(
  deps: FlowDeps,
  channel: 'email' | 'sms',
  kind: EmailKind | SmsKind,
  to: string,
  error: unknown,
): Promise<void> {
  const message = describe(error);
  deps.logger.warn({ channel, kind, to, err: message }, 'regstack delivery failed');
  await deps.hooks.fire('delivery_failed', { channel, kind, to, error: message });
}

export async function sendEmail(
  deps: FlowDeps,
  kind: EmailKind,
  to: string,
  compose: () => Promise<EmailMessage>,
): Promise<boolean> {
  try {
    await deps.email().send(await compose());
    return true;
  } catch (error) {
    await reportFailure(deps, 'email', kind, to, error);
    return false;
  }
}

export async function sendSms(deps: FlowDeps, kind: SmsKind, to: string, code: string): Promise<boolean> {
  try {
    const ttlMinutes = minutesOf(deps.config.sms_code_ttl_seconds);
    const body = await deps.mail.smsBody(kind, { code, ttlMinutes });
    await deps.sms().send({ to, body, fromNumber: deps.config.sms.from_number });
    return true;
  } catch (error) {
    await reportFailure(deps, 'sms', kind, to, error);
    return false;
  }
}

/** `ttl_minutes = max(floor(ttl_seconds / 60), 1)` (§8.1). */
export function minutesOf(seconds: number): number {
  return Math.max(Math.floor(seconds / 60), 1);
}
