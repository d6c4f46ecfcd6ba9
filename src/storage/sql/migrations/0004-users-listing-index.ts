import { type SqlMigration, stampAlembicVersion } from './migration.js';

/*
 * Revision 0004: the admin listing orders users by (created_at, id), newest first. Without
 * an index on that pair every page sorts the whole table, which a million users turn from
 * microseconds into a second; with it both the first page and a keyset page (`after=`) read
 * only the rows they return.
 */
export const MIGRATION_0004: SqlMigration = {
  description: 'users listing index',
  async up(db) {
    await db.schema
      .createIndex('ix_users_created_at_id')
      .ifNotExists()
      .on('users')
      .columns(['created_at', 'id'])
      .execute();
    await stampAlembicVersion(db, '0004');
  },
};
