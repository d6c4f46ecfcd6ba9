import type { Instant } from '../ports/clock.js';

/** A registration waiting for its email to be confirmed (spec §3.3, Decision 12). */
export interface PendingRecord {
  readonly id: string;
  readonly email: string;
  readonly hashedPassword: string | null;
  readonly fullName: string | null;
  readonly tokenHash: string;
  readonly createdAt: Instant;
  readonly expiresAt: Instant;
}

export interface NewPending {
  readonly email: string;
  readonly hashedPassword: string | null;
  readonly fullName: string | null;
  readonly tokenHash: string;
  readonly expiresAt: Instant;
}

/**
 * `login_factor` holds no code: it is the attempt budget of a pending sign-in's authenticator
 * app and recovery code guesses, bound to the pending token like an SMS code is.
 */
export const MFA_KINDS = ['phone_setup', 'login_mfa', 'login_factor'] as const;
export type MfaKind = (typeof MFA_KINDS)[number];

export interface MfaCodeRecord {
  readonly userId: string;
  readonly kind: MfaKind;
  readonly codeHash: string;
  readonly expiresAt: Instant;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly createdAt: Instant;
}

export interface NewMfaCode {
  readonly userId: string;
  readonly kind: MfaKind;
  readonly codeHash: string;
  readonly expiresAt: Instant;
  readonly maxAttempts: number;
}

/** Outcome values of spec §10.6. */
export type MfaVerifyOutcome =
  | { readonly outcome: 'ok' }
  | { readonly outcome: 'wrong'; readonly attemptsRemaining: number }
  | { readonly outcome: 'expired' }
  | { readonly outcome: 'locked' }
  | { readonly outcome: 'missing' };

export interface OAuthIdentityRecord {
  readonly id: string;
  readonly userId: string;
  readonly provider: string;
  readonly subjectId: string;
  readonly email: string | null;
  readonly linkedAt: Instant;
  readonly lastUsedAt: Instant | null;
}

export interface NewOAuthIdentity {
  readonly userId: string;
  readonly provider: string;
  readonly subjectId: string;
  readonly email: string | null;
}

export type OAuthMode = 'signin' | 'link';

export interface OAuthStateRecord {
  readonly id: string;
  readonly provider: string;
  readonly codeVerifier: string;
  readonly nonce: string;
  readonly redirectTo: string;
  readonly mode: OAuthMode;
  readonly linkingUserId: string | null;
  readonly createdAt: Instant;
  readonly expiresAt: Instant;
  readonly resultToken: string | null;
  /** Whether the callback created the account (Decision 29). */
  readonly wasNewAccount: boolean | null;
  /** When the callback stored its result (Decision 10, `completion_ttl_seconds`). */
  readonly completedAt: Instant | null;
}

export interface NewOAuthState {
  readonly id: string;
  readonly provider: string;
  readonly codeVerifier: string;
  readonly nonce: string;
  readonly redirectTo: string;
  readonly mode: OAuthMode;
  readonly linkingUserId: string | null;
  readonly expiresAt: Instant;
}

/** One signed-in device: the session token a sign-in issued (issue 16). */
export interface UserSessionRecord {
  /** A random id of its own: naming a session in the API never reveals its token's jti. */
  readonly id: string;
  readonly userId: string;
  readonly jti: string;
  readonly createdAt: Instant;
  readonly expiresAt: Instant;
  readonly userAgent: string | null;
  readonly ip: string | null;
  /** How the user signed in: `password`, `mfa_sms`, `oauth:<provider>`, … */
  readonly method: string;
}

/** What a sign-in supplies; the backend assigns the id. */
export type NewUserSession = Omit<UserSessionRecord, 'id'>;

/** How long a stored user agent may be; longer ones are cut. */
export const USER_AGENT_MAX_LENGTH = 512;

/** A user's authenticator app (issue 19): the seed sealed with AES-256-GCM, never in clear. */
export interface TotpFactorRecord {
  readonly userId: string;
  readonly sealedSecret: string;
  readonly createdAt: Instant;
  /** Null until a first code proved the app holds the seed. */
  readonly confirmedAt: Instant | null;
  /** The last accepted time step; a step is accepted once (replay refused). */
  readonly lastStep: number | null;
}

/** Whether a passkey lives on one device or is synced between devices (WebAuthn L3). */
export type PasskeyDeviceType = 'singleDevice' | 'multiDevice';

/** A registered passkey (issue 19): the public key only; the private key never leaves the authenticator. */
export interface PasskeyCredentialRecord {
  readonly id: string;
  readonly userId: string;
  /** The authenticator's credential id, base64url. Bound to one user. */
  readonly credentialId: string;
  /** The COSE public key, base64url. */
  readonly publicKey: string;
  /** The last signature counter seen; 0 for authenticators that keep none. */
  readonly counter: number;
  readonly transports: readonly string[];
  readonly deviceType: PasskeyDeviceType;
  readonly backedUp: boolean;
  readonly name: string;
  readonly createdAt: Instant;
  readonly lastUsedAt: Instant | null;
}

export type NewPasskeyCredential = Omit<PasskeyCredentialRecord, 'id' | 'createdAt' | 'lastUsedAt'>;

/** What a WebAuthn challenge was issued for; a challenge serves only its purpose. */
export const WEBAUTHN_PURPOSES = ['registration', 'authentication', 'mfa'] as const;
export type WebauthnPurpose = (typeof WEBAUTHN_PURPOSES)[number];

/** An issued WebAuthn challenge: its SHA-256 only, consumed once. */
export interface WebauthnChallengeRecord {
  readonly id: string;
  readonly challengeHash: string;
  readonly purpose: WebauthnPurpose;
  /** Null for a discoverable sign-in, where nobody is known until the assertion names them. */
  readonly userId: string | null;
  readonly createdAt: Instant;
  readonly expiresAt: Instant;
}

export type NewWebauthnChallenge = Omit<WebauthnChallengeRecord, 'id' | 'createdAt'>;
export const AUDIT_OUTCOMES = ['success', 'failure'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/**
 * Non-secret facts about an event (a method, a provider, the names of changed fields).
 * Flat scalars only, so every backend stores and returns them the same way.
 */
export type AuditDetails = Readonly<Record<string, string | number | boolean | null>>;

/**
 * One security event (issue 16). This shape is what outgoing webhooks carry, so fields are
 * added, never renamed. `actorId` is who acted, `userId` whose account it concerns; both are
 * null when no account is known (a sign-in with an unknown email).
 */
export interface AuditEventRecord {
  readonly id: string;
  readonly occurredAt: Instant;
  readonly type: string;
  readonly outcome: AuditOutcome;
  readonly actorId: string | null;
  readonly userId: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly details: AuditDetails;
}

/** What a recorder appends; the backend assigns the id. */
export type NewAuditEvent = Omit<AuditEventRecord, 'id'>;
