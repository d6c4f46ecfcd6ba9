import { type SqlMigration, stampAlembicVersion } from './migration.js';

/*
 * Revision 0008: the security audit log. Rows are only appended and, past the retention,
 * purged. Listings read newest first by (occurred_at, id), either across everyone (the
 * admin view) or for one user (the account page): one index serves each, so a keyset page
 * reads only the rows it returns. `details` is JSON text of non-secret facts.
 */

export const MIGRATION_0008: SqlMigration = {
  description: 'audit events',
  async up(db, d) {
    await db.schema
      .createTable('audit_events')
      .addColumn('id', 'varchar(36)', (c) => c.notNull())
      .addColumn('occurred_at', d.datetime, (c) => c.notNull())
      .addColumn('type', 'varchar(64)', (c) => c.notNull())
      .addColumn('outcome', 'varchar(16)', (c) => c.notNull())
      .addColumn('actor_id', 'varchar(36)')
      .addColumn('user_id', 'varchar(36)')
      .addColumn('ip', 'varchar(64)')
      .addColumn('user_agent', 'varchar(512)')
      .addColumn('details', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('pk_audit_events', ['id'])
      .execute();
    await db.schema
      .createIndex('ix_audit_events_occurred_at_id')
      .on('audit_events')
      .columns(['occurred_at', 'id'])
      .execute();
    await db.schema
      .createIndex('ix_audit_events_user_id_occurred_at_id')
      .on('audit_events')
      .columns(['user_id', 'occurred_at', 'id'])
      .execute();
    await stampAlembicVersion(db, '0008');
  },
};
