/** A composed email (spec §8.1). */
export interface EmailMessage {
  readonly to: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly fromAddress: string;
  readonly fromName: string;
}

/** Sends email. Throws on failure; callers decide what a failure means (Decision 15). */
export interface EmailTransport {
  send(message: EmailMessage): Promise<void>;
}

/** An SMS (spec §8.3). */
export interface SmsMessage {
  readonly to: string;
  readonly body: string;
  readonly fromNumber: string | null;
}

export interface SmsTransport {
  send(message: SmsMessage): Promise<void>;
}

export type EmailKind = 'verification' | 'password_reset' | 'email_change' | 'email_change_notice';
export type SmsKind = 'login_mfa' | 'phone_setup';

/** Composes regstack's messages from templates (spec §8.1, §8.3). */
export interface MailComposer {
  verification(input: {
    readonly to: string;
    readonly fullName: string | null;
    readonly url: string;
    /** The address was registered again while pending, so no password is kept (Decision 26). */
    readonly contested?: boolean | undefined;
  }): Promise<EmailMessage>;
  passwordReset(input: {
    readonly to: string;
    readonly fullName: string | null;
    readonly url: string;
    readonly ttlMinutes: number;
  }): Promise<EmailMessage>;
  emailChange(input: {
    readonly to: string;
    readonly fullName: string | null;
    readonly url: string;
    readonly ttlMinutes: number;
  }): Promise<EmailMessage>;
  /** To the current address when a change away from it is requested; `url` is a reset link. */
  emailChangeNotice(input: {
    readonly to: string;
    readonly fullName: string | null;
    readonly newEmail: string;
    readonly url: string;
    readonly ttlMinutes: number;
  }): Promise<EmailMessage>;
  smsBody(
    kind: SmsKind,
    input: { readonly code: string; readonly ttlMinutes: number },
  ): Promise<string>;
}

/** The pages emailed links point at (Decision 1). */
export type LinkPage = 'verify' | 'reset' | 'confirm-email-change';

/**
 * Sends after the writes have committed (Decision 15): never throws. A failure is logged
 * without the message and reported through `delivery_failed`; the result says whether the
 * transport accepted the message.
 */
export interface Deliverer {
  email(kind: EmailKind, message: EmailMessage): Promise<boolean>;
  sms(kind: SmsKind, message: SmsMessage): Promise<boolean>;
  /** Reports a message that could not even be composed (a broken host template). */
  failed(
    channel: 'email' | 'sms',
    kind: EmailKind | SmsKind,
    to: string,
    error: unknown,
  ): Promise<void>;
}
