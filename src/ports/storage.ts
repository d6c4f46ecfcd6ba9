import type {
  AuditEventRecord,
  AuditOutcome,
  MfaCodeRecord,
  MfaKind,
  MfaVerifyOutcome,
  NewAuditEvent,
  NewMfaCode,
  NewOAuthIdentity,
  NewOAuthState,
  NewPasskeyCredential,
  NewPending,
  NewUserSession,
  NewWebauthnChallenge,
  OAuthIdentityRecord,
  OAuthStateRecord,
  PasskeyCredentialRecord,
  PendingRecord,
  TotpFactorRecord,
  UserSessionRecord,
  WebauthnChallengeRecord,
} from '../model/records.js';
import type { NewUser, UserRecord } from '../model/user.js';
import type { Instant } from './clock.js';
import type { WebhookDeliveriesRepo } from './webhook-deliveries.js';

/*
 * Storage ports, one per entity, shaped by what the flows ask for.
 * Every method reads "now" from the clock the storage was opened with.
 * "Not found" is null, never an exception. Emails are passed already normalised
 * (lower-cased, Decision 28); repositories match them exactly.
 */

export interface UserCountFilter {
  readonly isActive?: boolean | undefined;
  readonly isVerified?: boolean | undefined;
  readonly isSuperuser?: boolean | undefined;
}

export interface UsersRepo {
  /** Inserts a user with a fresh id. A second account with the same email rejects with `DuplicateEmailError`. */
  create(user: NewUser): Promise<UserRecord>;
  getById(id: string): Promise<UserRecord | null>;
  getByEmail(email: string): Promise<UserRecord | null>;
  setLastLogin(id: string, when: Instant): Promise<void>;
  setTokensInvalidatedAfter(id: string, when: Instant): Promise<void>;
  /** Sets the hash and revokes every session issued until now (`tokens_invalidated_after = now`). */
  updatePassword(id: string, hashedPassword: string): Promise<void>;
  /**
   * Replaces the hash only if it still equals `expected` (a compare-and-set), leaving
   * `tokens_invalidated_after` alone: used to upgrade hash parameters after a login.
   * Returns whether the row was updated.
   */
  rehashPassword(id: string, expected: string, hashedPassword: string): Promise<boolean>;
  setActive(id: string, active: boolean): Promise<void>;
  /** Sets `is_active = false` and `tokens_invalidated_after = now` in one statement. */
  deactivate(id: string): Promise<void>;
  setSuperuser(id: string, superuser: boolean): Promise<void>;
  setVerified(id: string, verified: boolean): Promise<void>;
  setFullName(id: string, fullName: string | null): Promise<void>;
  /** Sets `phone_number` and `is_mfa_enabled` together (phone confirm, phone removal). */
  setPhoneAndMfa(id: string, phoneNumber: string | null, mfaEnabled: boolean): Promise<void>;
  /**
   * Sets the email and `tokens_invalidated_after = now` in one statement.
   * An email already in use rejects with `DuplicateEmailError`. Returns whether a row changed.
   * With `issuedAt`, the row changes only while its cut-off is still before that instant, so
   * of two links confirmed at once only one changes the address: the first one's cut-off
   * retires the other in the same statement that checks it.
   */
  updateEmailAndRevoke(id: string, email: string, issuedAt?: Instant | undefined): Promise<boolean>;
  /** Returns whether a row was removed. */
  delete(id: string): Promise<boolean>;
  count(filter?: UserCountFilter): Promise<number>;
  /**
   * Ordered by `created_at` then `id`, newest first unless `newestFirst` is false. With
   * `after`, the page starts just past that position in the order (keyset paging: the cost
   * of a page does not grow with how far into the list it is); `skip` then counts from there.
   */
  listPaged(options: {
    readonly skip: number;
    readonly limit: number;
    readonly newestFirst?: boolean | undefined;
    readonly after?: ListingCursor | undefined;
  }): Promise<UserRecord[]>;
}

/** A position in the users listing: the `created_at` and `id` of the last user seen. */
export interface ListingCursor {
  readonly createdAt: Instant;
  readonly id: string;
}

export interface PendingRepo {
  /** Replaces any row with the same email atomically; the old token hash stops working. */
  upsert(pending: NewPending): Promise<PendingRecord>;
  /** Returns expired rows too: `/verify` answers an expired token with its own message. */
  findByTokenHash(tokenHash: string): Promise<PendingRecord | null>;
  /** Returns expired rows too: resend revives them (Decision 31). */
  findByEmail(email: string): Promise<PendingRecord | null>;
  /** Atomic read-and-delete: exactly one concurrent caller receives the row. */
  consumeByTokenHash(tokenHash: string): Promise<PendingRecord | null>;
  deleteByEmail(email: string): Promise<number>;
  /** Deletes rows with `expires_at < now`; returns how many. */
  purgeExpired(): Promise<number>;
  /** Counts rows with `expires_at > now`. */
  countUnexpired(): Promise<number>;
}

export interface BlacklistRepo {
  /** Idempotent: revoking a jti twice is not an error. */
  revoke(jti: string, exp: Instant): Promise<void>;
  /** Whether an unexpired row exists for the jti. */
  isRevoked(jti: string): Promise<boolean>;
  /**
   * Records a single-use token as redeemed. Exactly one concurrent caller for a jti
   * receives true; every later or concurrent caller receives false (Decision 18).
   */
  redeem(jti: string, exp: Instant): Promise<boolean>;
  /** Deletes rows with `exp < now`. */
  purgeExpired(): Promise<number>;
}

export interface RecentFailures {
  readonly count: number;
  /** The oldest failure still inside the window, or null when there is none. */
  readonly oldest: Instant | null;
}

export interface LoginAttemptsRepo {
  recordFailure(email: string, ip: string | null): Promise<void>;
  /** Failures with `when >= now - window`. */
  countRecent(email: string, windowSeconds: number): Promise<RecentFailures>;
  /**
   * In one read: the failures of `email` in the window from every client, and those from
   * `ip` alone (a null `ip` matches failures recorded without an address).
   */
  countRecentByClient(
    email: string,
    ip: string | null,
    windowSeconds: number,
  ): Promise<{ readonly all: RecentFailures; readonly client: RecentFailures }>;
  clear(email: string): Promise<number>;
  /** Deletes rows with `when < now - window`. */
  purgeExpired(windowSeconds: number): Promise<number>;
}

export interface MfaCodesRepo {
  /** Replaces any row with the same (user, kind) atomically; the attempt counter restarts at 0. */
  put(code: NewMfaCode): Promise<void>;
  /** Returns expired rows too: verification reports them as `expired`. */
  find(userId: string, kind: MfaKind): Promise<MfaCodeRecord | null>;
  /** Deletes one kind, or every kind when `kind` is omitted. */
  delete(userId: string, kind?: MfaKind | undefined): Promise<number>;
  /**
   * Spec §10.6: compares `codeHash` in constant time and counts a wrong guess with a
   * conditional update, so concurrent guesses never exceed the attempt budget.
   */
  verify(userId: string, kind: MfaKind, codeHash: string): Promise<MfaVerifyOutcome>;
  purgeExpired(): Promise<number>;
}

export interface OAuthIdentitiesRepo {
  /** Either unique constraint rejects with `OAuthIdentityAlreadyLinkedError`. */
  create(identity: NewOAuthIdentity): Promise<OAuthIdentityRecord>;
  findBySubject(provider: string, subjectId: string): Promise<OAuthIdentityRecord | null>;
  /** Ordered by `linked_at` ascending. */
  listForUser(userId: string): Promise<OAuthIdentityRecord[]>;
  delete(userId: string, provider: string): Promise<boolean>;
  deleteByUserId(userId: string): Promise<number>;
  touchLastUsed(provider: string, subjectId: string, when: Instant): Promise<void>;
}

export interface OAuthStatesRepo {
  create(state: NewOAuthState): Promise<OAuthStateRecord>;
  /** Returns expired rows too: the callback reports them as `state_expired`. */
  find(id: string): Promise<OAuthStateRecord | null>;
  /** Stores the callback's result and when it completed. */
  setResult(id: string, resultToken: string, wasNewAccount: boolean): Promise<void>;
  /** Atomic read-and-delete: exactly one concurrent caller receives the row. */
  consume(id: string): Promise<OAuthStateRecord | null>;
  purgeExpired(): Promise<number>;
}

/**
 * The sessions sign-ins recorded (issue 16). Revoking one is the flow's job: it blacklists
 * the jti, so the authenticated request path stays one round trip; these rows only list.
 */
export interface UserSessionsRepo {
  create(session: NewUserSession): Promise<UserSessionRecord>;
  /**
   * The user's unexpired sessions created after `notBefore` (the user's bulk cut-off, when
   * set), newest first.
   */
  listLive(userId: string, notBefore: Instant | null): Promise<UserSessionRecord[]>;
  /** Null for an unknown id or another user's session. */
  get(userId: string, id: string): Promise<UserSessionRecord | null>;
  /** Returns whether a row was removed. */
  delete(userId: string, id: string): Promise<boolean>;
  deleteByJti(jti: string): Promise<boolean>;
  deleteByUserId(userId: string): Promise<number>;
  /** Deletes rows with `expires_at < now`. */
  purgeExpired(): Promise<number>;
}

/** Authenticator apps (issue 19), one per user. */
export interface TotpFactorsRepo {
  get(userId: string): Promise<TotpFactorRecord | null>;
  /**
   * Stores a new unconfirmed seed, replacing an unconfirmed one. Returns false, changing
   * nothing, when the user's factor is already confirmed.
   */
  putUnconfirmed(userId: string, sealedSecret: string): Promise<boolean>;
  /**
   * Confirms the unconfirmed factor, recording `step` as its last accepted step. False when
   * there is none (never started, or already confirmed by a concurrent call).
   */
  confirm(userId: string, step: number): Promise<boolean>;
  /**
   * Accepts a time step of the confirmed factor with a compare-and-set (`last_step < step`):
   * of concurrent callers with the same or an earlier step, at most one receives true.
   */
  acceptStep(userId: string, step: number): Promise<boolean>;
  /** Returns whether a row was removed. */
  delete(userId: string): Promise<boolean>;
}

/** Recovery codes (issue 19): hashes only, each used once. */
export interface RecoveryCodesRepo {
  /** Replaces every code of the user with these hashes. */
  replace(userId: string, codeHashes: readonly string[]): Promise<void>;
  /**
   * Marks the unused code with this hash as used; exactly one concurrent caller receives
   * true. Codes of other users never match.
   */
  consume(userId: string, codeHash: string): Promise<boolean>;
  /** Unused codes of the user. */
  countRemaining(userId: string): Promise<number>;
  /** Whether the user has any codes, used or not. */
  exist(userId: string): Promise<boolean>;
  deleteByUserId(userId: string): Promise<number>;
}

/** Passkeys (issue 19). A credential id is bound to one user across all users. */
export interface PasskeyCredentialsRepo {
  /** A credential id already stored (for any user) rejects with `PasskeyAlreadyRegisteredError`. */
  create(credential: NewPasskeyCredential): Promise<PasskeyCredentialRecord>;
  findByCredentialId(credentialId: string): Promise<PasskeyCredentialRecord | null>;
  /** Null for an unknown id or another user's passkey. */
  get(userId: string, id: string): Promise<PasskeyCredentialRecord | null>;
  /** Oldest first. */
  listForUser(userId: string): Promise<PasskeyCredentialRecord[]>;
  /** Returns whether a row changed. */
  rename(userId: string, id: string, name: string): Promise<boolean>;
  /**
   * Records a verified use: the new counter and backup state, `last_used_at = when`, with a
   * compare-and-set on the stored counter (`counter = expectedCounter`), so of two assertions
   * verified against the same counter at most one is recorded. Returns whether it was.
   */
  recordUse(
    id: string,
    expectedCounter: number,
    use: { readonly counter: number; readonly backedUp: boolean; readonly when: Instant },
  ): Promise<boolean>;
  /** Returns whether a row was removed. */
  delete(userId: string, id: string): Promise<boolean>;
  deleteByUserId(userId: string): Promise<number>;
}

/** WebAuthn challenges (issue 19): hashes only, each consumed once. */
export interface WebauthnChallengesRepo {
  create(challenge: NewWebauthnChallenge): Promise<WebauthnChallengeRecord>;
  /** Atomic read-and-delete: exactly one concurrent caller receives the row, expired or not. */
  consume(id: string): Promise<WebauthnChallengeRecord | null>;
  /** Deletes rows with `expires_at < now`. */
  purgeExpired(): Promise<number>;
}

/** A position in the audit listing: the `occurred_at` and `id` of the last event seen. */
export interface AuditCursor {
  readonly occurredAt: Instant;
  readonly id: string;
}

/** Which events a listing returns; every field left out matches everything. */
export interface AuditFilter {
  /** Events concerning this user (the target, not the actor). */
  readonly userId?: string | undefined;
  /** Any of these types; an empty list matches nothing. */
  readonly types?: readonly string[] | undefined;
  readonly outcome?: AuditOutcome | undefined;
  /** `occurred_at >= since`. */
  readonly since?: Instant | undefined;
  /** `occurred_at < until`. */
  readonly until?: Instant | undefined;
}

/** The security audit log (issue 16): append-only, read newest first. */
export interface AuditEventsRepo {
  append(event: NewAuditEvent): Promise<AuditEventRecord>;
  /**
   * Newest first by (`occurred_at`, `id`). With `after`, the page starts just past that
   * position (keyset paging, served by an index on the pair; a page costs the same however
   * deep it is).
   */
  list(
    filter: AuditFilter,
    page: { readonly limit: number; readonly after?: AuditCursor | undefined },
  ): Promise<AuditEventRecord[]>;
  /** Deletes events with `occurred_at < cutoff`; returns how many. */
  purgeBefore(cutoff: Instant): Promise<number>;
}

/** The user and revocation flag an authenticated request needs, fetched in one round trip. */
export interface SessionLookupResult {
  readonly user: UserRecord | null;
  readonly revoked: boolean;
}

export interface SessionLookup {
  load(userId: string, jti: string): Promise<SessionLookupResult>;
}

export type StorageKind = 'sqlite' | 'postgres' | 'mongodb';

export interface MigrationReport {
  readonly applied: readonly string[];
  readonly current: string | null;
}

/** A storage backend: the repositories plus its lifecycle. */
export interface Storage {
  readonly kind: StorageKind;
  readonly users: UsersRepo;
  readonly pending: PendingRepo;
  readonly blacklist: BlacklistRepo;
  readonly attempts: LoginAttemptsRepo;
  readonly mfaCodes: MfaCodesRepo;
  readonly oauthIdentities: OAuthIdentitiesRepo;
  readonly oauthStates: OAuthStatesRepo;
  readonly sessions: SessionLookup;
  readonly userSessions: UserSessionsRepo;
  readonly totpFactors: TotpFactorsRepo;
  readonly recoveryCodes: RecoveryCodesRepo;
  readonly passkeyCredentials: PasskeyCredentialsRepo;
  readonly webauthnChallenges: WebauthnChallengesRepo;
  readonly audit: AuditEventsRepo;
  readonly webhookDeliveries: WebhookDeliveriesRepo;
  /** Idempotent: brings the schema to the latest version (or `target`). */
  migrate(target?: string | undefined): Promise<MigrationReport>;
  /** The current schema version, or null for an empty database. */
  schemaVersion(): Promise<string | null>;
  /** A cheap connectivity probe; rejects when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
