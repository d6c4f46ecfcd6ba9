/*
 * The one list of audit event types (issue 16). Names are `noun.verb_past`, lower case, and
 * stable: hosts filter on them, outgoing webhooks subscribe by them, and the docs list them
 * from here. A type is added here before any flow records it.
 */

export const AUDIT_EVENT_TYPES = [
  'user.registered',
  'email.verified',
  'login.succeeded',
  'login.failed',
  'login.locked',
  'mfa.challenge_sent',
  'mfa.succeeded',
  'mfa.failed',
  'logout',
  'session.revoked',
  'sessions.revoked_others',
  'password.reset_requested',
  'password.reset',
  'password.changed',
  'email.change_requested',
  'email.changed',
  'profile.updated',
  'account.deleted',
  'sms_mfa.enabled',
  'sms_mfa.disabled',
  'totp.enabled',
  'totp.disabled',
  'recovery_codes.regenerated',
  'recovery_code.used',
  'passkey.added',
  'passkey.removed',
  'oauth.linked',
  'oauth.unlinked',
  'oauth.signed_in',
  'admin.user_created',
  'admin.user_updated',
  'admin.user_deleted',
  'admin.verification_resent',
  'admin.mfa_reset',
  'admin.sessions_revoked',
  'admin.session_revoked',
] as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/** Why a sign-in failed, in `login.failed`'s `details.reason`. */
export const LOGIN_FAILURE_REASONS = [
  'bad_password',
  'unknown_email',
  'unverified',
  'inactive',
] as const;
export type LoginFailureReason = (typeof LOGIN_FAILURE_REASONS)[number];

const KNOWN: ReadonlySet<string> = new Set(AUDIT_EVENT_TYPES);

export function isAuditEventType(text: string): text is AuditEventType {
  return KNOWN.has(text);
}

/** One-line descriptions for the docs and the account page. */
export const AUDIT_EVENT_DESCRIPTIONS: Readonly<Record<AuditEventType, string>> = {
  'user.registered': 'An account was created (by registration or a verified link).',
  'email.verified': 'An address was confirmed through its verification link.',
  'login.succeeded': 'A sign-in finished and a session started (`details.method`).',
  'login.failed': 'A password or passkey sign-in was refused (`details.reason`).',
  'login.locked': 'A sign-in was refused because the email is locked out.',
  'mfa.challenge_sent':
    'A correct password asked for a second factor; a code was sent or asked for.',
  'mfa.succeeded': 'A second factor was accepted (`details.method`).',
  'mfa.failed': 'A second-factor code was refused (`details.method`).',
  logout: 'A session token was revoked by its bearer.',
  'session.revoked': 'The user signed out one of their other sessions.',
  'sessions.revoked_others': 'The user signed out every session but the current one.',
  'password.reset_requested': 'A password reset link was mailed.',
  'password.reset': 'A reset link set a new password.',
  'password.changed': 'The user changed their password.',
  'email.change_requested': 'A confirmation link for a new address was mailed.',
  'email.changed': 'The account moved to a new address.',
  'profile.updated': 'The user changed their profile (`details.fields`).',
  'account.deleted': 'The user deleted their account.',
  'sms_mfa.enabled': 'A phone number was confirmed and SMS two-factor turned on.',
  'sms_mfa.disabled': 'The phone number was removed and SMS two-factor turned off.',
  'totp.enabled': 'An authenticator app was confirmed.',
  'totp.disabled': 'The authenticator app was removed.',
  'recovery_codes.regenerated': 'A fresh set of recovery codes replaced the old one.',
  'recovery_code.used': 'A recovery code finished a sign-in (`details.remaining`).',
  'passkey.added': 'A passkey was registered.',
  'passkey.removed': 'A passkey was removed.',
  'oauth.linked': 'An OAuth identity was linked (`details.provider`).',
  'oauth.unlinked': 'An OAuth identity was unlinked (`details.provider`).',
  'oauth.signed_in': 'An OAuth sign-in finished (`details.provider`).',
  'admin.user_created': 'An administrator created an account.',
  'admin.user_updated': 'An administrator changed an account (`details.fields`).',
  'admin.user_deleted': 'An administrator deleted an account.',
  'admin.verification_resent': 'An administrator resent a verification link.',
  'admin.mfa_reset': 'An administrator removed every second factor of an account.',
  'admin.sessions_revoked': 'An administrator signed out every session of an account.',
  'admin.session_revoked': 'An administrator signed out one session of an account.',
};
