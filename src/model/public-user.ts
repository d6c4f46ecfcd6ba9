import { formatIsoZ } from '../clock/instant.js';
import type { UserRecord } from './user.js';

/** The public JSON form of a user (spec §3.2), key order included. Never holds the hash. */
export interface PublicUser {
  readonly _id: string;
  readonly email: string;
  readonly is_active: boolean;
  readonly is_verified: boolean;
  readonly is_superuser: boolean;
  readonly full_name: string | null;
  readonly phone_number: string | null;
  readonly is_mfa_enabled: boolean;
  readonly created_at: string;
  readonly last_login: string | null;
}

/** The only way from a stored user to its public form, so a hash cannot leak through a spread. */
export function toPublicUser(user: UserRecord): PublicUser {
  return {
    _id: user.id,
    email: user.email,
    is_active: user.isActive,
    is_verified: user.isVerified,
    is_superuser: user.isSuperuser,
    full_name: user.fullName,
    phone_number: user.phoneNumber,
    is_mfa_enabled: user.isMfaEnabled,
    created_at: formatIsoZ(user.createdAt),
    last_login: user.lastLogin === null ? null : formatIsoZ(user.lastLogin),
  };
}
