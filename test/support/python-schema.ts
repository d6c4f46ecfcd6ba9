/*
 * The schema the Python library (regstack 0.5, Alembic) leaves at revisions 0001 and 0002,
 * written out by hand, so the TypeScript migrator can be shown to adopt such a database.
 * Datetime columns use SQLAlchemy's types (DATETIME on SQLite, TIMESTAMP WITH TIME ZONE on
 * PostgreSQL); SQLite rows hold naive UTC text.
 */

export type SqlKind = 'sqlite' | 'postgres';

const DATETIME: Record<SqlKind, string> = {
  sqlite: 'DATETIME',
  postgres: 'TIMESTAMP WITH TIME ZONE',
};
const AUTO_ID: Record<SqlKind, string> = { sqlite: 'INTEGER', postgres: 'SERIAL' };

function revision0001(kind: SqlKind): string[] {
  const dt = DATETIME[kind];
  const id = AUTO_ID[kind];
  return [
    `CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL,
      CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))`,
    `CREATE TABLE users (id VARCHAR(36) NOT NULL, email VARCHAR(320) NOT NULL,
      hashed_password TEXT NOT NULL, is_active BOOLEAN NOT NULL, is_verified BOOLEAN NOT NULL,
      is_superuser BOOLEAN NOT NULL, full_name VARCHAR(200), phone_number VARCHAR(20),
      is_mfa_enabled BOOLEAN NOT NULL, created_at ${dt} NOT NULL, updated_at ${dt} NOT NULL,
      last_login ${dt}, tokens_invalidated_after ${dt},
      CONSTRAINT pk_users PRIMARY KEY (id), CONSTRAINT email_unique UNIQUE (email))`,
    `CREATE TABLE pending_registrations (id VARCHAR(36) NOT NULL, email VARCHAR(320) NOT NULL,
      hashed_password TEXT NOT NULL, full_name VARCHAR(200), token_hash VARCHAR(64) NOT NULL,
      created_at ${dt} NOT NULL, expires_at ${dt} NOT NULL,
      CONSTRAINT pk_pending_registrations PRIMARY KEY (id),
      CONSTRAINT pending_email_unique UNIQUE (email),
      CONSTRAINT pending_token_unique UNIQUE (token_hash))`,
    'CREATE INDEX ix_pending_expires_at ON pending_registrations (expires_at)',
    `CREATE TABLE token_blacklist (id ${id} NOT NULL, jti VARCHAR(64) NOT NULL, exp ${dt} NOT NULL,
      CONSTRAINT pk_token_blacklist PRIMARY KEY (id), CONSTRAINT jti_unique UNIQUE (jti))`,
    'CREATE INDEX ix_blacklist_exp ON token_blacklist (exp)',
    `CREATE TABLE login_attempts (id ${id} NOT NULL, email VARCHAR(320) NOT NULL,
      "when" ${dt} NOT NULL, ip VARCHAR(64), CONSTRAINT pk_login_attempts PRIMARY KEY (id))`,
    'CREATE INDEX ix_login_attempts_email_when ON login_attempts (email, "when")',
    `CREATE TABLE mfa_codes (id ${id} NOT NULL, user_id VARCHAR(36) NOT NULL,
      kind VARCHAR(32) NOT NULL, code_hash VARCHAR(64) NOT NULL, expires_at ${dt} NOT NULL,
      attempts INTEGER NOT NULL, max_attempts INTEGER NOT NULL, created_at ${dt} NOT NULL,
      CONSTRAINT pk_mfa_codes PRIMARY KEY (id),
      CONSTRAINT ck_mfa_codes_attempts_nonneg CHECK (attempts >= 0),
      CONSTRAINT user_kind_unique UNIQUE (user_id, kind))`,
    'CREATE INDEX ix_mfa_codes_expires_at ON mfa_codes (expires_at)',
    "INSERT INTO alembic_version (version_num) VALUES ('0001')",
  ];
}

function revision0002(kind: SqlKind): string[] {
  const dt = DATETIME[kind];
  const nullablePassword =
    kind === 'postgres'
      ? ['ALTER TABLE users ALTER COLUMN hashed_password DROP NOT NULL']
      : [
          `CREATE TABLE _alembic_tmp_users (id VARCHAR(36) NOT NULL, email VARCHAR(320) NOT NULL,
            hashed_password TEXT, is_active BOOLEAN NOT NULL, is_verified BOOLEAN NOT NULL,
            is_superuser BOOLEAN NOT NULL, full_name VARCHAR(200), phone_number VARCHAR(20),
            is_mfa_enabled BOOLEAN NOT NULL, created_at ${dt} NOT NULL, updated_at ${dt} NOT NULL,
            last_login ${dt}, tokens_invalidated_after ${dt},
            CONSTRAINT pk_users PRIMARY KEY (id), CONSTRAINT email_unique UNIQUE (email))`,
          'INSERT INTO _alembic_tmp_users SELECT * FROM users',
          'DROP TABLE users',
          'ALTER TABLE _alembic_tmp_users RENAME TO users',
        ];
  return [
    `CREATE TABLE oauth_identities (id VARCHAR(36) NOT NULL, user_id VARCHAR(36) NOT NULL,
      provider VARCHAR(32) NOT NULL, subject_id VARCHAR(255) NOT NULL, email VARCHAR(320),
      linked_at ${dt} NOT NULL, last_used_at ${dt},
      CONSTRAINT pk_oauth_identities PRIMARY KEY (id),
      CONSTRAINT provider_subject_unique UNIQUE (provider, subject_id),
      CONSTRAINT user_provider_unique UNIQUE (user_id, provider))`,
    `CREATE TABLE oauth_states (id VARCHAR(64) NOT NULL, provider VARCHAR(32) NOT NULL,
      code_verifier TEXT NOT NULL, nonce VARCHAR(64) NOT NULL, redirect_to TEXT NOT NULL,
      mode VARCHAR(16) NOT NULL, linking_user_id VARCHAR(36), created_at ${dt} NOT NULL,
      expires_at ${dt} NOT NULL, result_token TEXT, CONSTRAINT pk_oauth_states PRIMARY KEY (id),
      CONSTRAINT ck_oauth_states_mode_valid CHECK (mode IN ('signin', 'link')))`,
    'CREATE INDEX ix_oauth_states_expires_at ON oauth_states (expires_at)',
    ...nullablePassword,
    "UPDATE alembic_version SET version_num = '0002'",
  ];
}

/** The statements that build a Python-library database at `revision`, one per entry. */
export function pythonSchemaStatements(kind: SqlKind, revision: '0001' | '0002'): string[] {
  return revision === '0001' ? revision0001(kind) : [...revision0001(kind), ...revision0002(kind)];
}

/** A Python-written datetime: naive UTC text on SQLite, an offset timestamp on PostgreSQL. */
export function pythonDatetime(kind: SqlKind, iso: string): string {
  return kind === 'sqlite' ? iso.replace('T', ' ').replace(/Z$/, '') : iso.replace(/Z$/, '+00:00');
}
