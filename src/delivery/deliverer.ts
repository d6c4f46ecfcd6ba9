import type { Deliverer, EmailTransport, SmsTransport } from '../ports/delivery.js';
import type { Logger } from '../ports/logger.js';
import { type DeliveryFailure, deliverSafely } from './deliver.js';

export interface DelivererOptions {
  readonly logger: Logger;
  /** Read on every send, so a host may swap transports after construction. */
  readonly email: () => EmailTransport;
  readonly sms: () => SmsTransport;
  readonly onFailure: (failure: DeliveryFailure) => Promise<void>;
}

/** The `Deliverer` port over the active transports and `deliverSafely`. */
export function createDeliverer(options: DelivererOptions): Deliverer {
  const { logger, onFailure } = options;
  return {
    email: (kind, message) =>
      deliverSafely(
        { logger, onFailure },
        { channel: 'email', kind, transport: options.email(), message },
      ),
    sms: (kind, message) =>
      deliverSafely(
        { logger, onFailure },
        { channel: 'sms', kind, transport: options.sms(), message },
      ),
    async failed(channel, kind, to, error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.warn({ channel, kind, to, err: message }, 'regstack could not compose a message');
      await onFailure({ channel, kind, to, error: message });
    },
  };
}
