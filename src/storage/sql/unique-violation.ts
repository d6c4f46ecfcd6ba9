/*
 * Which unique constraint a driver error reports, by its spec name. PostgreSQL names the
 * constraint (SQLSTATE 23505); SQLite only lists the columns, so they are mapped back.
 */

const SQLITE_UNIQUE_COLUMNS: Readonly<Record<string, string>> = {
  'users.email': 'email_unique',
  'pending_registrations.email': 'pending_email_unique',
  'pending_registrations.token_hash': 'pending_token_unique',
  'token_blacklist.jti': 'jti_unique',
  'mfa_codes.user_id, mfa_codes.kind': 'user_kind_unique',
  'oauth_identities.provider, oauth_identities.subject_id': 'provider_subject_unique',
  'oauth_identities.user_id, oauth_identities.provider': 'user_provider_unique',
  'recovery_codes.code_hash': 'recovery_code_hash_unique',
  'totp_factors.user_id': 'pk_totp_factors',
  'passkey_credentials.credential_id': 'passkey_credential_id_unique',
};

function field(error: unknown, name: string): unknown {
  return typeof error === 'object' && error !== null ? Reflect.get(error, name) : undefined;
}

/** The violated unique constraint's name, or null when `error` is not a unique violation. */
export function uniqueViolation(error: unknown): string | null {
  const code = field(error, 'code');
  if (code === '23505') {
    const constraint = field(error, 'constraint');
    return typeof constraint === 'string' ? constraint : '';
  }
  if (code === 'SQLITE_CONSTRAINT_UNIQUE') {
    const message = String(field(error, 'message'));
    const columns = message.replace(/^UNIQUE constraint failed:\s*/, '');
    return SQLITE_UNIQUE_COLUMNS[columns] ?? '';
  }
  return null;
}
