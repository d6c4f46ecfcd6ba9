/*
 * Collection names come from the `*_collection` settings (spec §2.1, §10.4); SQL ignores
 * them (Decision 8). The defaults are the spec's.
 */

export interface CollectionNames {
  readonly users: string;
  readonly pending: string;
  readonly blacklist: string;
  readonly attempts: string;
  readonly mfaCodes: string;
  readonly oauthIdentities: string;
  readonly oauthStates: string;
  readonly userSessions: string;
  readonly totpFactors: string;
  readonly recoveryCodes: string;
  readonly passkeyCredentials: string;
  readonly webauthnChallenges: string;
  readonly auditEvents: string;
  readonly webhookDeliveries: string;
}

export const DEFAULT_COLLECTION_NAMES: CollectionNames = {
  users: 'users',
  pending: 'pending_registrations',
  blacklist: 'token_blacklist',
  attempts: 'login_attempts',
  mfaCodes: 'mfa_codes',
  oauthIdentities: 'oauth_identities',
  oauthStates: 'oauth_states',
  userSessions: 'user_sessions',
  totpFactors: 'totp_factors',
  recoveryCodes: 'recovery_codes',
  passkeyCredentials: 'passkey_credentials',
  webauthnChallenges: 'webauthn_challenges',
  auditEvents: 'audit_events',
  webhookDeliveries: 'webhook_deliveries',
};
