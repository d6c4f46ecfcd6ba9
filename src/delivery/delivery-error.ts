/** A provider answered a send with a non-2xx status. Carries no request content. */
export class DeliveryHttpError extends Error {
  readonly service: string;
  readonly status: number;
  /** The provider's error code when it gave one (e.g. `MessageRejected`, Twilio `21211`). */
  readonly providerCode: string | undefined;

  constructor(service: string, status: number, providerCode?: string | undefined) {
    super(
      `${service} request failed with status ${status}` +
        (providerCode === undefined ? '' : ` (${providerCode})`),
    );
    this.name = 'DeliveryHttpError';
    this.service = service;
    this.status = status;
    this.providerCode = providerCode;
  }
}
