import type { Generated } from 'kysely';
import type { StoredBool, StoredInstant } from './instant-codec.js';

/* Kysely's view of the schema after the latest migration (spec §10.2 plus 0003 and 0004). */

export interface UsersTable {
  id: string;
  email: string;
  hashed_password: string | null;
  is_active: StoredBool;
  is_verified: StoredBool;
  is_superuser: StoredBool;
  full_name: string | null;
  phone_number: string | null;
  is_mfa_enabled: StoredBool;
  created_at: StoredInstant;
  updated_at: StoredInstant;
  last_login: StoredInstant | null;
  tokens_invalidated_after: StoredInstant | null;
}

export interface PendingRegistrationsTable {
  id: string;
  email: string;
  hashed_password: string | null;
  full_name: string | null;
  token_hash: string;
  created_at: StoredInstant;
  expires_at: StoredInstant;
}

export interface TokenBlacklistTable {
  id: Generated<number>;
  jti: string;
  exp: StoredInstant;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  email: string;
  when: StoredInstant;
  ip: string | null;
}

export interface MfaCodesTable {
  id: Generated<number>;
  user_id: string;
  kind: string;
  code_hash: string;
  expires_at: StoredInstant;
  attempts: number;
  max_attempts: number;
  created_at: StoredInstant;
}

export interface OAuthIdentitiesTable {
  id: string;
  user_id: string;
  provider: string;
  subject_id: string;
  email: string | null;
  linked_at: StoredInstant;
  last_used_at: StoredInstant | null;
}

export interface OAuthStatesTable {
  id: string;
  provider: string;
  code_verifier: string;
  nonce: string;
  redirect_to: string;
  mode: string;
  linking_user_id: string | null;
  created_at: StoredInstant;
  expires_at: StoredInstant;
  result_token: string | null;
  was_new_account: StoredBool | null;
  completed_at: StoredInstant | null;
}

/** One row (id 1), kept by triggers on `users` (revision 0004). */
export interface UserCountsTable {
  id: number;
  total: number | string | bigint;
  active: number | string | bigint;
  verified: number | string | bigint;
  superusers: number | string | bigint;
}

/** Revision 0005. */
export interface UserSessionsTable {
  id: string;
  user_id: string;
  jti: string;
  created_at: StoredInstant;
  expires_at: StoredInstant;
  user_agent: string | null;
  ip: string | null;
  method: string;
}

/** Revision 0006. */
export interface TotpFactorsTable {
  user_id: string;
  sealed_secret: string;
  created_at: StoredInstant;
  confirmed_at: StoredInstant | null;
  last_step: number | null;
}

/** Revision 0006. */
export interface RecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  created_at: StoredInstant;
  used_at: StoredInstant | null;
}

/** Revision 0007. */
export interface PasskeyCredentialsTable {
  id: string;
  user_id: string;
  credential_id: string;
  public_key: string;
  /** A bigint: PostgreSQL returns it as text. */
  counter: number | string;
  /** JSON array of transport names. */
  transports: string;
  device_type: string;
  backed_up: StoredBool;
  name: string;
  created_at: StoredInstant;
  last_used_at: StoredInstant | null;
}

/** Revision 0007. */
export interface WebauthnChallengesTable {
  id: string;
  challenge_hash: string;
  purpose: string;
  user_id: string | null;
  created_at: StoredInstant;
  expires_at: StoredInstant;
}

/** Revision 0008. */
export interface AuditEventsTable {
  id: string;
  occurred_at: StoredInstant;
  type: string;
  outcome: string;
  actor_id: string | null;
  user_id: string | null;
  ip: string | null;
  user_agent: string | null;
  /** JSON text. */
  details: string;
}

/** Revision 0009. */
export interface WebhookDeliveriesTable {
  id: string;
  endpoint: string;
  event_type: string;
  user_id: string | null;
  payload: string;
  state: string;
  attempts: number;
  next_attempt_at: StoredInstant;
  lease_until: StoredInstant | null;
  lease_owner: string | null;
  last_status: number | null;
  last_error: string | null;
  created_at: StoredInstant;
  delivered_at: StoredInstant | null;
}

export interface AlembicVersionTable {
  version_num: string;
}

export interface Tables {
  users: UsersTable;
  pending_registrations: PendingRegistrationsTable;
  token_blacklist: TokenBlacklistTable;
  login_attempts: LoginAttemptsTable;
  mfa_codes: MfaCodesTable;
  oauth_identities: OAuthIdentitiesTable;
  oauth_states: OAuthStatesTable;
  user_counts: UserCountsTable;
  user_sessions: UserSessionsTable;
  totp_factors: TotpFactorsTable;
  recovery_codes: RecoveryCodesTable;
  passkey_credentials: PasskeyCredentialsTable;
  webauthn_challenges: WebauthnChallengesTable;
  audit_events: AuditEventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  alembic_version: AlembicVersionTable;
}
