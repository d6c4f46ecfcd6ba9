import type { CollectionNames } from './collection-names.js';

/*
 * The indexes of spec §10.4, under the spec's names. TTL indexes are hygiene only: every read
 * compares expiry with the injected clock (Decision 40).
 */

export interface IndexSpec {
  readonly collection: keyof CollectionNames;
  readonly name: string;
  readonly key: Readonly<Record<string, 1>>;
  readonly unique?: true;
  /** A TTL index's lifetime past the indexed date, in seconds. */
  readonly expireAfterSeconds?: number;
}

/**
 * Expired pending registrations stay resendable until `regstack purge` removes them
 * (Decision 31), so the TTL index only reaps rows this long past their expiry.
 */
export const PENDING_GRACE_SECONDS: number = 7 * 24 * 60 * 60;

/** The indexes whose absence `doctor` reports as an uninstalled schema (spec §12.3). */
export const CORE_INDEXES: ReadonlyArray<readonly [keyof CollectionNames, string]> = [
  ['users', 'email_unique'],
  ['blacklist', 'jti_unique'],
];

export function indexSpecs(lockoutWindowSeconds: number): readonly IndexSpec[] {
  return [
    { collection: 'users', name: 'email_unique', key: { email: 1 }, unique: true },
    // The admin listing's order (newest first: the index is walked backwards).
    {
      collection: 'users',
      name: 'created_at_listing',
      key: { created_at: 1, created_at_us: 1, _id: 1 },
    },
    { collection: 'blacklist', name: 'jti_unique', key: { jti: 1 }, unique: true },
    { collection: 'blacklist', name: 'exp_ttl', key: { exp: 1 }, expireAfterSeconds: 0 },
    { collection: 'pending', name: 'pending_email_unique', key: { email: 1 }, unique: true },
    { collection: 'pending', name: 'pending_token_unique', key: { token_hash: 1 }, unique: true },
    {
      collection: 'pending',
      name: 'pending_ttl',
      key: { expires_at: 1 },
      expireAfterSeconds: PENDING_GRACE_SECONDS,
    },
    { collection: 'attempts', name: 'email_when', key: { email: 1, when: 1 } },
    {
      collection: 'attempts',
      name: 'when_ttl',
      key: { when: 1 },
      expireAfterSeconds: lockoutWindowSeconds,
    },
    {
      collection: 'mfaCodes',
      name: 'user_kind_unique',
      key: { user_id: 1, kind: 1 },
      unique: true,
    },
    { collection: 'mfaCodes', name: 'mfa_ttl', key: { expires_at: 1 }, expireAfterSeconds: 0 },
    {
      collection: 'oauthIdentities',
      name: 'provider_subject_unique',
      key: { provider: 1, subject_id: 1 },
      unique: true,
    },
    {
      collection: 'oauthIdentities',
      name: 'user_provider_unique',
      key: { user_id: 1, provider: 1 },
      unique: true,
    },
    {
      collection: 'oauthStates',
      name: 'oauth_state_ttl',
      key: { expires_at: 1 },
      expireAfterSeconds: 0,
    },
    { collection: 'userSessions', name: 'session_jti_unique', key: { jti: 1 }, unique: true },
    { collection: 'userSessions', name: 'session_user_id', key: { user_id: 1 } },
    {
      collection: 'userSessions',
      name: 'session_ttl',
      key: { expires_at: 1 },
      expireAfterSeconds: 0,
    },
    { collection: 'totpFactors', name: 'totp_user_unique', key: { user_id: 1 }, unique: true },
    {
      collection: 'recoveryCodes',
      name: 'recovery_code_hash_unique',
      key: { code_hash: 1 },
      unique: true,
    },
    { collection: 'recoveryCodes', name: 'recovery_code_user_id', key: { user_id: 1 } },
    {
      collection: 'passkeyCredentials',
      name: 'passkey_credential_id_unique',
      key: { credential_id: 1 },
      unique: true,
    },
    { collection: 'passkeyCredentials', name: 'passkey_user_id', key: { user_id: 1 } },
    {
      collection: 'webauthnChallenges',
      name: 'webauthn_challenge_ttl',
      key: { expires_at: 1 },
      expireAfterSeconds: 0,
    },
    // The audit listings' orders (newest first: walked backwards).
    {
      collection: 'auditEvents',
      name: 'audit_occurred_at',
      key: { occurred_at: 1, occurred_at_us: 1, _id: 1 },
    },
    {
      collection: 'auditEvents',
      name: 'audit_user_occurred_at',
      key: { user_id: 1, occurred_at: 1, occurred_at_us: 1, _id: 1 },
    },
    {
      collection: 'webhookDeliveries',
      name: 'webhook_delivery_due',
      key: { state: 1, next_attempt_at: 1 },
    },
    {
      collection: 'webhookDeliveries',
      name: 'webhook_delivery_order',
      key: { endpoint: 1, user_id: 1, state: 1, _id: 1 },
    },
  ];
}
