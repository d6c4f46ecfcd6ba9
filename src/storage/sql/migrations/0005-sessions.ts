import { type SqlMigration, stampAlembicVersion } from './migration.js';

/*
 * Revision 0005: the sessions sign-ins record. A row's `id` is random and
 * separate from the token's `jti`, so naming a session in the API reveals nothing a
 * bearer could use; revoking one blacklists its `jti`.
 */

export const MIGRATION_0005: SqlMigration = {
  description: 'user sessions',
  async up(db, d) {
    await db.schema
      .createTable('user_sessions')
      .addColumn('id', 'varchar(36)', (c) => c.notNull())
      .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('jti', 'varchar(64)', (c) => c.notNull())
      .addColumn('created_at', d.datetime, (c) => c.notNull())
      .addColumn('expires_at', d.datetime, (c) => c.notNull())
      .addColumn('user_agent', 'varchar(512)')
      .addColumn('ip', 'varchar(64)')
      .addColumn('method', 'varchar(64)', (c) => c.notNull())
      .addPrimaryKeyConstraint('pk_user_sessions', ['id'])
      .addUniqueConstraint('user_sessions_jti_unique', ['jti'])
      .execute();
    await db.schema
      .createIndex('ix_user_sessions_user_id')
      .on('user_sessions')
      .column('user_id')
      .execute();
    await db.schema
      .createIndex('ix_user_sessions_expires_at')
      .on('user_sessions')
      .column('expires_at')
      .execute();
    await stampAlembicVersion(db, '0005');
  },
};
