import type { Instant } from '../ports/clock.js';

/** A user as stored: holds the password hash and the revocation cut-off. */
export interface UserRecord {
  readonly id: string;
  readonly email: string;
  readonly hashedPassword: string | null;
  readonly isActive: boolean;
  readonly isVerified: boolean;
  readonly isSuperuser: boolean;
  readonly fullName: string | null;
  readonly phoneNumber: string | null;
  readonly isMfaEnabled: boolean;
  readonly createdAt: Instant;
  readonly updatedAt: Instant;
  readonly lastLogin: Instant | null;
  readonly tokensInvalidatedAfter: Instant | null;
}

/** What a caller supplies to create a user; the backend assigns id and timestamps. */
export interface NewUser {
  readonly email: string;
  readonly hashedPassword: string | null;
  readonly isActive?: boolean | undefined;
  readonly isVerified?: boolean | undefined;
  readonly isSuperuser?: boolean | undefined;
  readonly fullName?: string | null | undefined;
}
