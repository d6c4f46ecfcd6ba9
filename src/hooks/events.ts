import type { PublicUser } from '../model/public-user.js';
import type { EmailKind, SmsKind } from '../ports/delivery.js';

/**
 * Every event regstack fires, with its payload (spec §9.1). User payloads are the public
 * form (Decision 20); only the two SMS events carry a code, so hosts can deliver it.
 */
export interface RegstackEvents {
  /** An account was created: by `/register` with verification off, or by `/verify`. */
  user_registered: { readonly user: PublicUser };
  /** A verification link was mailed (register, resend, admin resend). */
  verification_requested: { readonly email: string; readonly url: string };
  /** An address was confirmed through its link. */
  user_verified: { readonly user: PublicUser };
  /** A sign-in completed and a session token was issued (after the SMS step when there is one). */
  user_logged_in: { readonly user: PublicUser };
  /** `/logout` revoked a session token. */
  user_logged_out: { readonly user: PublicUser };
  /** A correct password on an account with SMS two-factor: a code was sent. */
  mfa_login_started: { readonly user: PublicUser; readonly code: string };
  /** A reset link was mailed (forgot-password, or after a contested registration is verified). */
  password_reset_requested: { readonly user: PublicUser; readonly url: string };
  /** `/reset-password` set a new password; every earlier token of the user is dead. */
  password_reset_completed: { readonly user: PublicUser };
  /** `/change-password` set a new password; every session of the user ended. */
  password_changed: { readonly user: PublicUser };
  /** `/change-email` mailed a confirmation link to the new address (and a notice to the current one). */
  email_change_requested: {
    readonly user: PublicUser;
    readonly new_email: string;
    readonly url: string;
  };
  /** `/confirm-email-change` moved the account to the new address. */
  email_changed: { readonly user: PublicUser; readonly previous_email: string };
  /** An account was deleted, by its owner or an admin. */
  user_deleted: { readonly user: PublicUser };
  /** `/phone/start` texted a code to the number being added. */
  phone_setup_started: { readonly user: PublicUser; readonly phone: string; readonly code: string };
  /** `/phone/confirm` bound the number and turned SMS two-factor on. */
  mfa_enabled: { readonly user: PublicUser };
  /** `DELETE /phone` removed the number and turned SMS two-factor off. */
  mfa_disabled: { readonly user: PublicUser };
  /** `/totp/confirm` turned the authenticator app on. */
  totp_enabled: { readonly user: PublicUser };
  /** `/totp/disable` turned the authenticator app off. */
  totp_disabled: { readonly user: PublicUser };
  /** A recovery code finished a sign-in; `remaining` unused codes are left. */
  recovery_code_used: { readonly user: PublicUser; readonly remaining: number };
  /** `/recovery-codes/regenerate` replaced every recovery code of the user. */
  recovery_codes_regenerated: { readonly user: PublicUser };
  /** `/passkeys/register/finish` stored a new passkey of the user. */
  passkey_added: { readonly user: PublicUser };
  /** `DELETE /passkeys/{passkey_id}` removed one of the user's passkeys. */
  passkey_removed: { readonly user: PublicUser };
  /** An administrator removed every second factor of a user. */
  admin_mfa_reset: { readonly user: PublicUser };
  /** An OAuth sign-in or link was started with a provider. */
  oauth_signin_started: { readonly provider: string; readonly mode: 'signin' | 'link' };
  /** An OAuth callback signed a user in or linked an identity. */
  oauth_signin_completed: {
    readonly user: PublicUser;
    readonly provider: string;
    readonly mode: 'signin' | 'link';
    readonly was_new: boolean;
  };
  /** An OAuth identity was linked to an existing account. */
  oauth_account_linked: { readonly user: PublicUser; readonly provider: string };
  /** An OAuth identity was removed from an account. */
  oauth_account_unlinked: { readonly user: PublicUser; readonly provider: string };
  /** An email or SMS could not be sent (the request still succeeded; Decision 15). */
  delivery_failed: {
    readonly channel: 'email' | 'sms';
    readonly kind: EmailKind | SmsKind;
    readonly to: string;
    readonly error: string;
  };
}

export type RegstackEventName = keyof RegstackEvents;

export type HookHandler<E extends RegstackEventName> = (
  payload: RegstackEvents[E],
) => void | Promise<void>;
