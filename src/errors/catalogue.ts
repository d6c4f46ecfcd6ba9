/*
 * Every error a request can end with: its HTTP status and its `detail`, verbatim from
 * the spec (em dashes are U+2014). Clients match these strings; change none of them.
 */
export type ErrorCode =
  | 'not_found'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'authentication_required'
  | 'invalid_token'
  | 'token_revoked'
  | 'user_inactive'
  | 'session_invalidated'
  | 'admin_required'
  | 'csrf_failed'
  | 'registration_disabled'
  | 'email_exists'
  | 'verification_invalid'
  | 'verification_expired'
  | 'invalid_credentials'
  | 'account_disabled'
  | 'email_not_verified'
  | 'locked_out'
  | 'rate_limited'
  | 'server_busy'
  | 'rate_limit_unavailable'
  | 'mfa_token_invalid'
  | 'mfa_code_missing'
  | 'mfa_code_expired'
  | 'mfa_code_locked'
  | 'wrong_code'
  | 'token_account_mismatch'
  | 'no_password_set'
  | 'current_password_incorrect'
  | 'password_must_differ'
  | 'email_same_as_current'
  | 'email_in_use'
  | 'email_change_token_invalid'
  | 'account_deletion_disabled'
  | 'reset_token_invalid'
  | 'reset_token_account_mismatch'
  | 'phone_format'
  | 'pending_token_invalid'
  | 'phone_code_missing'
  | 'phone_code_expired'
  | 'phone_code_locked'
  | 'user_not_found'
  | 'session_not_found'
  | 'webhook_delivery_not_found'
  | 'webhook_delivery_not_dead'
  | 'user_already_verified'
  | 'oauth_provider_not_configured'
  | 'oauth_provider_unavailable'
  | 'redirect_not_same_origin'
  | 'oauth_state_not_found'
  | 'oauth_state_expired'
  | 'oauth_not_linked'
  | 'oauth_last_sign_in_method'
  | 'totp_already_enabled'
  | 'totp_not_started'
  | 'totp_not_enabled'
  | 'mfa_method_unavailable'
  | 'passkey_challenge_invalid'
  | 'passkey_challenge_expired'
  | 'passkey_verification_failed'
  | 'passkey_counter_regressed'
  | 'passkey_not_recognised'
  | 'passkey_already_registered'
  | 'passkey_not_found'
  | 'recovery_codes_need_factor';

export interface CatalogueEntry {
  readonly status: number;
  readonly detail: string;
}

export const ERROR_CATALOGUE: Readonly<Record<ErrorCode, CatalogueEntry>> = {
  not_found: { status: 404, detail: 'Not Found' },
  method_not_allowed: { status: 405, detail: 'Method Not Allowed' },
  payload_too_large: { status: 413, detail: 'Request body is too large.' },
  authentication_required: { status: 401, detail: 'Authentication required.' },
  invalid_token: { status: 401, detail: 'Invalid token: ' },
  token_revoked: { status: 401, detail: 'Token has been revoked.' },
  user_inactive: { status: 401, detail: 'User no longer active.' },
  session_invalidated: { status: 401, detail: 'Session was invalidated; please sign in again.' },
  admin_required: { status: 403, detail: 'Administrator privileges required.' },
  csrf_failed: { status: 403, detail: 'CSRF check failed.' },
  registration_disabled: { status: 403, detail: 'Registration is disabled.' },
  email_exists: { status: 409, detail: 'An account with that email already exists.' },
  verification_invalid: { status: 400, detail: 'Verification token is invalid or has expired.' },
  verification_expired: {
    status: 400,
    detail: 'Verification token has expired. Request a new one.',
  },
  invalid_credentials: { status: 401, detail: 'Invalid email or password.' },
  account_disabled: { status: 403, detail: 'Account is disabled.' },
  email_not_verified: { status: 403, detail: 'Email address has not been verified.' },
  locked_out: { status: 429, detail: 'Too many failed attempts. Try again in ' },
  rate_limited: { status: 429, detail: 'Too many requests. Try again later.' },
  server_busy: { status: 429, detail: 'The server is busy. Try again shortly.' },
  rate_limit_unavailable: {
    status: 503,
    detail: 'Rate limiting is unavailable. Try again shortly.',
  },
  mfa_token_invalid: { status: 400, detail: 'MFA token is invalid or has expired.' },
  mfa_code_missing: {
    status: 400,
    detail: 'No pending sign-in code — start the login flow again.',
  },
  mfa_code_expired: { status: 400, detail: 'Sign-in code has expired. Try logging in again.' },
  mfa_code_locked: { status: 400, detail: 'Too many wrong attempts — start the login flow again.' },
  wrong_code: { status: 400, detail: 'Wrong code.' },
  token_account_mismatch: { status: 400, detail: 'Token does not match an active account.' },
  no_password_set: {
    status: 400,
    detail:
      'No password set on this account. Use forgot-password to set one before changing account details.',
  },
  current_password_incorrect: { status: 400, detail: 'Current password is incorrect.' },
  password_must_differ: {
    status: 400,
    detail: 'New password must differ from the current password.',
  },
  email_same_as_current: { status: 400, detail: 'New email is the same as the current email.' },
  email_in_use: { status: 409, detail: 'That email address is already in use.' },
  email_change_token_invalid: { status: 400, detail: 'Token is invalid or has expired.' },
  account_deletion_disabled: {
    status: 404,
    detail: 'Account deletion is disabled for this application.',
  },
  reset_token_invalid: { status: 400, detail: 'Reset token is invalid or has expired.' },
  reset_token_account_mismatch: {
    status: 400,
    detail: 'Reset token does not match an active account.',
  },
  phone_format: {
    status: 400,
    detail: 'Phone number must be in E.164 format (e.g. +14155552671).',
  },
  pending_token_invalid: { status: 400, detail: 'Pending token is invalid or has expired.' },
  phone_code_missing: {
    status: 400,
    detail: 'No pending verification code — request a new one.',
  },
  phone_code_expired: {
    status: 400,
    detail: 'Verification code has expired. Request a new one.',
  },
  phone_code_locked: { status: 400, detail: 'Too many wrong attempts — request a new code.' },
  user_not_found: { status: 404, detail: 'User not found.' },
  session_not_found: { status: 404, detail: 'Session not found.' },
  webhook_delivery_not_found: { status: 404, detail: 'Webhook delivery not found.' },
  webhook_delivery_not_dead: {
    status: 409,
    detail: 'Only a dead webhook delivery can be retried.',
  },
  user_already_verified: { status: 400, detail: 'User is already verified.' },
  // The detail names the provider: `OAuth provider '<p>' is not configured.`
  oauth_provider_not_configured: { status: 404, detail: 'OAuth provider is not configured.' },
  oauth_provider_unavailable: {
    status: 502,
    detail: 'The sign-in provider cannot be reached. Try again later.',
  },
  redirect_not_same_origin: { status: 400, detail: 'redirect_to must be same-origin.' },
  oauth_state_not_found: { status: 404, detail: 'OAuth state not found or already consumed.' },
  oauth_state_expired: { status: 400, detail: 'OAuth state has expired.' },
  oauth_not_linked: { status: 404, detail: 'That provider is not linked to your account.' },
  oauth_last_sign_in_method: {
    status: 400,
    detail:
      'Cannot unlink your only sign-in method. Set a password (use forgot-password) or link another provider first.',
  },
  totp_already_enabled: {
    status: 409,
    detail: 'An authenticator app is already enabled. Disable it before enrolling another.',
  },
  totp_not_started: {
    status: 400,
    detail: 'No authenticator app enrolment in progress — start again.',
  },
  totp_not_enabled: { status: 400, detail: 'No authenticator app is enabled.' },
  mfa_method_unavailable: {
    status: 400,
    detail: 'That second factor is not set up for this account.',
  },
  passkey_challenge_invalid: {
    status: 400,
    detail: 'Passkey challenge not found or already used — start again.',
  },
  passkey_challenge_expired: { status: 400, detail: 'Passkey challenge expired — start again.' },
  passkey_verification_failed: {
    status: 400,
    detail: 'The passkey response could not be verified.',
  },
  passkey_counter_regressed: {
    status: 400,
    detail: 'The passkey’s signature counter went backwards; it may have been copied.',
  },
  passkey_not_recognised: {
    status: 400,
    detail: 'This passkey is not registered for this account.',
  },
  passkey_already_registered: { status: 409, detail: 'This passkey is already registered.' },
  passkey_not_found: { status: 404, detail: 'Passkey not found.' },
  recovery_codes_need_factor: {
    status: 400,
    detail: 'Recovery codes need a second factor — enable one first.',
  },
};
