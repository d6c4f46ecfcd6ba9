/**
 * Sending after the database writes have committed (Decision 15): a failed send is logged and
 * reported, never thrown, so the route answers as on success and the user can ask again.
 *
 * The log line and the report carry the channel, kind, recipient and error message, never the
 * message itself: the body holds the link, token or code. Error messages from a provider are
 * scrubbed of any link, token or code they might echo.
 */
import type {
  EmailKind,
  EmailMessage,
  EmailTransport,
  SmsKind,
  SmsMessage,
  SmsTransport,
} from '../ports/delivery.js';
import type { Logger } from '../ports/logger.js';

export type Delivery =
  | {
      readonly channel: 'email';
      readonly kind: EmailKind;
      readonly transport: EmailTransport;
      readonly message: EmailMessage;
    }
  | {
      readonly channel: 'sms';
      readonly kind: SmsKind;
      readonly transport: SmsTransport;
      readonly message: SmsMessage;
    };

/** What a failed send reports: the `delivery_failed` hook payload (spec §9.1). */
export interface DeliveryFailure {
  readonly channel: 'email' | 'sms';
  readonly kind: EmailKind | SmsKind;
  readonly to: string;
  /** The error message, scrubbed of links, tokens and codes. */
  readonly error: string;
}

export interface DeliverSafelyDeps {
  readonly logger: Logger;
  /** Called once per failed send, e.g. to fire `delivery_failed`; its own errors are logged. */
  readonly onFailure?: ((failure: DeliveryFailure) => void | Promise<void>) | undefined;
}

const REDACTED = '[redacted]';

function secretsOf(delivery: Delivery): string[] {
  if (delivery.channel === 'sms') {
    // Codes are digit runs (4–10 long); the phone number is the recipient, already logged.
    return delivery.message.body.match(/\d{4,}/g) ?? [];
  }
  const { text, html } = delivery.message;
  const urls = `${text}\n${html}`.match(/https?:\/\/[^\s"'<>]+/g) ?? [];
  const tokens = [...`${text}\n${html}`.matchAll(/token=([^\s&"'<>]+)/g)].flatMap((m) =>
    m[1] === undefined ? [] : [m[1]],
  );
  return [...urls, ...tokens];
}

/** The error's message with every link, token or code of the message replaced. */
export function scrubErrorMessage(error: unknown, delivery: Delivery): string {
  let message = error instanceof Error ? error.message : String(error);
  // Longest first, so a whole URL is replaced before the token inside it.
  const secrets = secretsOf(delivery).sort((a, b) => b.length - a.length);
  for (const secret of secrets) message = message.split(secret).join(REDACTED);
  return message;
}

/**
 * Sends one message; on failure logs a warning and calls `onFailure`. Resolves `true` when
 * the transport accepted the message, `false` otherwise; never rejects.
 */
export async function deliverSafely(deps: DeliverSafelyDeps, delivery: Delivery): Promise<boolean> {
  try {
    if (delivery.channel === 'email') await delivery.transport.send(delivery.message);
    else await delivery.transport.send(delivery.message);
    return true;
  } catch (error) {
    const failure: DeliveryFailure = {
      channel: delivery.channel,
      kind: delivery.kind,
      to: delivery.message.to,
      error: scrubErrorMessage(error, delivery),
    };
    deps.logger.warn({ ...failure }, `${delivery.channel} delivery failed`);
    try {
      await deps.onFailure?.(failure);
    } catch (hookError) {
      deps.logger.error(
        {
          channel: delivery.channel,
          kind: delivery.kind,
          error: scrubErrorMessage(hookError, delivery),
        },
        'delivery failure handler threw',
      );
    }
    return false;
  }
}
