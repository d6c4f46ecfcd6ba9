import { type Kysely, sql } from 'kysely';
import { type MigrationDialect, type SqlMigration, stampAlembicVersion } from './migration.js';

/* Revision 0001 of the Python library (spec §10.3): the five original tables. */

export async function createUsersTable(
  db: Kysely<unknown>,
  d: MigrationDialect,
  name: string,
  passwordRequired: boolean,
): Promise<void> {
  await db.schema
    .createTable(name)
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('email', 'varchar(320)', (c) => c.notNull())
    .addColumn('hashed_password', 'text', (c) => (passwordRequired ? c.notNull() : c))
    .addColumn('is_active', 'boolean', (c) => c.notNull())
    .addColumn('is_verified', 'boolean', (c) => c.notNull())
    .addColumn('is_superuser', 'boolean', (c) => c.notNull())
    .addColumn('full_name', 'varchar(200)')
    .addColumn('phone_number', 'varchar(20)')
    .addColumn('is_mfa_enabled', 'boolean', (c) => c.notNull())
    .addColumn('created_at', d.datetime, (c) => c.notNull())
    .addColumn('updated_at', d.datetime, (c) => c.notNull())
    .addColumn('last_login', d.datetime)
    .addColumn('tokens_invalidated_after', d.datetime)
    .addPrimaryKeyConstraint('pk_users', ['id'])
    .addUniqueConstraint('email_unique', ['email'])
    .execute();
}

export async function createPendingTable(
  db: Kysely<unknown>,
  d: MigrationDialect,
  name: string,
  passwordRequired: boolean,
): Promise<void> {
  await db.schema
    .createTable(name)
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('email', 'varchar(320)', (c) => c.notNull())
    .addColumn('hashed_password', 'text', (c) => (passwordRequired ? c.notNull() : c))
    .addColumn('full_name', 'varchar(200)')
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', d.datetime, (c) => c.notNull())
    .addColumn('expires_at', d.datetime, (c) => c.notNull())
    .addPrimaryKeyConstraint('pk_pending_registrations', ['id'])
    .addUniqueConstraint('pending_email_unique', ['email'])
    .addUniqueConstraint('pending_token_unique', ['token_hash'])
    .execute();
}

export async function createPendingIndexes(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('ix_pending_expires_at')
    .on('pending_registrations')
    .column('expires_at')
    .execute();
}

async function createBlacklistTable(db: Kysely<unknown>, d: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('token_blacklist')
    .addColumn('id', d.autoId, (c) => c.notNull())
    .addColumn('jti', 'varchar(64)', (c) => c.notNull())
    .addColumn('exp', d.datetime, (c) => c.notNull())
    .addPrimaryKeyConstraint('pk_token_blacklist', ['id'])
    .addUniqueConstraint('jti_unique', ['jti'])
    .execute();
  await db.schema.createIndex('ix_blacklist_exp').on('token_blacklist').column('exp').execute();
}

async function createLoginAttemptsTable(db: Kysely<unknown>, d: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('login_attempts')
    .addColumn('id', d.autoId, (c) => c.notNull())
    .addColumn('email', 'varchar(320)', (c) => c.notNull())
    .addColumn('when', d.datetime, (c) => c.notNull())
    .addColumn('ip', 'varchar(64)')
    .addPrimaryKeyConstraint('pk_login_attempts', ['id'])
    .execute();
  await db.schema
    .createIndex('ix_login_attempts_email_when')
    .on('login_attempts')
    .columns(['email', 'when'])
    .execute();
}

async function createMfaCodesTable(db: Kysely<unknown>, d: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('mfa_codes')
    .addColumn('id', d.autoId, (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('code_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('expires_at', d.datetime, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('created_at', d.datetime, (c) => c.notNull())
    .addPrimaryKeyConstraint('pk_mfa_codes', ['id'])
    .addCheckConstraint('ck_mfa_codes_attempts_nonneg', sql`attempts >= 0`)
    .addUniqueConstraint('user_kind_unique', ['user_id', 'kind'])
    .execute();
  await db.schema
    .createIndex('ix_mfa_codes_expires_at')
    .on('mfa_codes')
    .column('expires_at')
    .execute();
}

export const MIGRATION_0001: SqlMigration = {
  description: 'initial schema',
  async up(db, d) {
    await db.schema
      .createTable('alembic_version')
      .ifNotExists()
      .addColumn('version_num', 'varchar(32)', (c) => c.notNull())
      .addPrimaryKeyConstraint('alembic_version_pkc', ['version_num'])
      .execute();
    await createUsersTable(db, d, 'users', true);
    await createPendingTable(db, d, 'pending_registrations', true);
    await createPendingIndexes(db);
    await createBlacklistTable(db, d);
    await createLoginAttemptsTable(db, d);
    await createMfaCodesTable(db, d);
    await stampAlembicVersion(db, '0001');
  },
};
