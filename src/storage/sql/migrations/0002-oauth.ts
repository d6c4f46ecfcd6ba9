import { type Kysely, sql } from 'kysely';
import { createUsersTable } from './0001-initial.js';
import {
  type MigrationDialect,
  rebuildSqliteTable,
  type SqlMigration,
  stampAlembicVersion,
} from './migration.js';

/* Revision 0002 of the Python library (spec §10.3): OAuth tables, passwordless users. */

async function createOAuthIdentitiesTable(db: Kysely<unknown>, d: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('oauth_identities')
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('provider', 'varchar(32)', (c) => c.notNull())
    .addColumn('subject_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('email', 'varchar(320)')
    .addColumn('linked_at', d.datetime, (c) => c.notNull())
    .addColumn('last_used_at', d.datetime)
    .addPrimaryKeyConstraint('pk_oauth_identities', ['id'])
    .addUniqueConstraint('provider_subject_unique', ['provider', 'subject_id'])
    .addUniqueConstraint('user_provider_unique', ['user_id', 'provider'])
    .execute();
}

async function createOAuthStatesTable(db: Kysely<unknown>, d: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('oauth_states')
    .addColumn('id', 'varchar(64)', (c) => c.notNull())
    .addColumn('provider', 'varchar(32)', (c) => c.notNull())
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    .addColumn('nonce', 'varchar(64)', (c) => c.notNull())
    .addColumn('redirect_to', 'text', (c) => c.notNull())
    .addColumn('mode', 'varchar(16)', (c) => c.notNull())
    .addColumn('linking_user_id', 'varchar(36)')
    .addColumn('created_at', d.datetime, (c) => c.notNull())
    .addColumn('expires_at', d.datetime, (c) => c.notNull())
    .addColumn('result_token', 'text')
    .addPrimaryKeyConstraint('pk_oauth_states', ['id'])
    .addCheckConstraint('ck_oauth_states_mode_valid', sql`mode IN ('signin', 'link')`)
    .execute();
  await db.schema
    .createIndex('ix_oauth_states_expires_at')
    .on('oauth_states')
    .column('expires_at')
    .execute();
}

export const MIGRATION_0002: SqlMigration = {
  description: 'oauth',
  async up(db, d) {
    await createOAuthIdentitiesTable(db, d);
    await createOAuthStatesTable(db, d);
    if (d.name === 'postgres') {
      await db.schema
        .alterTable('users')
        .alterColumn('hashed_password', (c) => c.dropNotNull())
        .execute();
    } else {
      await rebuildSqliteTable(db, 'users', (name) => createUsersTable(db, d, name, false));
    }
    await stampAlembicVersion(db, '0002');
  },
};
