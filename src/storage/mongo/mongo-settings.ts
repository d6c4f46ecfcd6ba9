import type { RegstackConfig } from '../../config/schema.js';
import type { CollectionNames } from './collection-names.js';

/** The settings a MongoDB storage reads besides the URL (ignored by SQL). */
export interface MongoSettings {
  /** The database when the URL names none (`mongodb_database`). */
  readonly database?: string | undefined;
  readonly collections?: Partial<CollectionNames> | undefined;
  /** The `when_ttl` index lifetime (`login_lockout_window_seconds`, Decision 43). */
  readonly lockoutWindowSeconds?: number | undefined;
}

/** Picks the MongoDB settings out of a resolved config; loads no driver. */
export function mongoSettings(config: RegstackConfig): MongoSettings {
  return {
    database: config.mongodb_database,
    collections: {
      users: config.user_collection,
      pending: config.pending_collection,
      blacklist: config.blacklist_collection,
      attempts: config.login_attempt_collection,
      mfaCodes: config.mfa_code_collection,
      oauthIdentities: config.oauth_identity_collection,
      oauthStates: config.oauth_state_collection,
      userSessions: config.user_session_collection,
      totpFactors: config.totp_factor_collection,
      recoveryCodes: config.recovery_code_collection,
      passkeyCredentials: config.passkey_credential_collection,
      webauthnChallenges: config.webauthn_challenge_collection,
      auditEvents: config.audit_event_collection,
      webhookDeliveries: config.webhook_delivery_collection,
    },
    lockoutWindowSeconds: config.login_lockout_window_seconds,
  };
}
