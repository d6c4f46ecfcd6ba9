import { type SqlMigration, stampAlembicVersion } from './migration.js';

/*
 * Revision 0009: the webhook outbox. A row per event and endpoint, written with the event
 * and delivered in the background; the lease columns let several workers share the queue
 * without sending one attempt twice. The order index serves the "no earlier pending row for
 * this endpoint and user" check of every claim; the due index serves the claim's scan.
 */

export const MIGRATION_0009: SqlMigration = {
  description: 'webhook deliveries',
  async up(db, d) {
    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('id', 'varchar(64)', (c) => c.notNull())
      .addColumn('endpoint', 'varchar(64)', (c) => c.notNull())
      .addColumn('event_type', 'varchar(64)', (c) => c.notNull())
      .addColumn('user_id', 'varchar(36)')
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('state', 'varchar(16)', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('next_attempt_at', d.datetime, (c) => c.notNull())
      .addColumn('lease_until', d.datetime)
      .addColumn('lease_owner', 'varchar(64)')
      .addColumn('last_status', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('created_at', d.datetime, (c) => c.notNull())
      .addColumn('delivered_at', d.datetime)
      .addPrimaryKeyConstraint('pk_webhook_deliveries', ['id'])
      .execute();
    await db.schema
      .createIndex('ix_webhook_deliveries_due')
      .on('webhook_deliveries')
      .columns(['state', 'next_attempt_at'])
      .execute();
    await db.schema
      .createIndex('ix_webhook_deliveries_order')
      .on('webhook_deliveries')
      .columns(['endpoint', 'user_id', 'id'])
      .execute();
    await db.schema
      .createIndex('ix_webhook_deliveries_delivered_at')
      .on('webhook_deliveries')
      .column('delivered_at')
      .execute();
    await stampAlembicVersion(db, '0009');
  },
};
