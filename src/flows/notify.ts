import type { EmailKind, EmailMessage, SmsKind } from '../ports/delivery.js';
import type { FlowDeps } from './deps.js';

/*
 * Decision 15: delivery happens after the writes have committed, and a failed delivery
 * (or a message that cannot be composed) never fails the request; the user can resend.
 */

export async function sendEmail(
  deps: FlowDeps,
  kind: EmailKind,
  to: string,
  compose: () => Promise<EmailMessage>,
): Promise<boolean> {
  // `email_max_per_recipient_per_hour`: the routes that mail a typed-in address answer
  // alike whether or not anything is sent, so without a cap per address they could be
  // used to flood someone else's inbox from many client addresses.
  const decision = await deps.accountLimits.emailTo(to);
  if (!decision.allowed) {
    deps.logger.warn(
      { kind },
      'regstack did not send an email: the recipient hourly cap is reached',
    );
    return false;
  }
  let message: EmailMessage;
  try {
    message = await compose();
  } catch (error) {
    await deps.deliver.failed('email', kind, to, error);
    return false;
  }
  return deps.deliver.email(kind, message);
}

export async function sendSms(
  deps: FlowDeps,
  kind: SmsKind,
  to: string,
  code: string,
): Promise<boolean> {
  let body: string;
  try {
    body = await deps.mail.smsBody(kind, {
      code,
      ttlMinutes: minutesOf(deps.config.sms_code_ttl_seconds),
    });
  } catch (error) {
    await deps.deliver.failed('sms', kind, to, error);
    return false;
  }
  return deps.deliver.sms(kind, { to, body, fromNumber: deps.config.sms.from_number });
}

/** `ttl_minutes = max(floor(ttl_seconds / 60), 1)` (§8.1). */
export function minutesOf(seconds: number): number {
  return Math.max(Math.floor(seconds / 60), 1);
}
