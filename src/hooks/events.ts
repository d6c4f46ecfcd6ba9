import type { PublicUser } from '../model/public-user.js';
import type { EmailKind, SmsKind } from '../ports/delivery.js';

/**
 * Every event regstack fires, with its payload (spec §9.1). User payloads are the public
 * form (Decision 20); only the two SMS events carry a code, so hosts can deliver it.
 */
export interface RegstackEvents {
  user_registered: { readonly user: PublicUser };
  verification_requested: { readonly email: string; readonly url: string };
  user_verified: { readonly user: PublicUser };
  user_logged_in: { readonly user: PublicUser };
  user_logged_out: { readonly user: PublicUser };
  mfa_login_started: { readonly user: PublicUser; readonly code: string };
  password_reset_requested: { readonly user: PublicUser; readonly url: string };
  password_reset_completed: { readonly user: PublicUser };
  password_changed: { readonly user: PublicUser };
  email_change_requested: {
    readonly user: PublicUser;
    readonly new_email: string;
    readonly url: string;
  };
  email_changed: { readonly user: PublicUser; readonly previous_email: string };
  user_deleted: { readonly user: PublicUser };
  phone_setup_started: { readonly user: PublicUser; readonly phone: string; readonly code: string };
  mfa_enabled: { readonly user: PublicUser };
  mfa_disabled: { readonly user: PublicUser };
  oauth_signin_started: { readonly provider: string; readonly mode: 'signin' | 'link' };
  oauth_signin_completed: {
    readonly user: PublicUser;
    readonly provider: string;
    readonly mode: 'signin' | 'link';
    readonly was_new: boolean;
  };
  oauth_account_linked: { readonly user: PublicUser; readonly provider: string };
  oauth_account_unlinked: { readonly user: PublicUser; readonly provider: string };
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
