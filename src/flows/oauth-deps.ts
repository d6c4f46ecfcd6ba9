import type { OAuthRegistry } from '../oauth/registry.js';
import type { FlowDeps } from './deps.js';

/** What the OAuth flows use: the usual flow dependencies and the provider registry. */
export interface OAuthFlowDeps extends FlowDeps {
  readonly oauth: OAuthRegistry;
}

/** The redirect error codes of spec §7.4 (with `registration_disabled`, Decision 21). */
export type OAuthRedirectCode =
  | 'oauth_failed'
  | 'missing_code_or_state'
  | 'unknown_provider'
  | 'bad_state'
  | 'state_expired'
  | 'token_exchange_failed'
  | 'id_token_failed'
  | 'identity_in_use'
  | 'already_linked'
  | 'user_inactive'
  | 'email_in_use'
  | 'registration_disabled';

/** Ends a callback with a redirect to the login page carrying `code`. */
export class OAuthRedirectError extends Error {
  readonly code: OAuthRedirectCode;
  constructor(code: OAuthRedirectCode, options?: { cause?: unknown }) {
    super(`OAuth sign-in refused: ${code}`, options);
    this.name = 'OAuthRedirectError';
    this.code = code;
  }
}
