import { type SqlMigration, stampAlembicVersion } from './migration.js';

/*
 * Revision 0006: second factors beyond SMS. An authenticator app's seed must be read back
 * to check codes, so it is stored sealed (AES-256-GCM), one row per user; `last_step` makes
 * each time step usable once. Recovery codes are bearer secrets of 128 bits, so a SHA-256
 * is enough at rest; a used code keeps its row, marked by `used_at`.
 */

export const MIGRATION_0006: SqlMigration = {
  description: 'second factors',
  async up(db, d) {
    await db.schema
      .createTable('totp_factors')
      .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('sealed_secret', 'text', (c) => c.notNull())
      .addColumn('created_at', d.datetime, (c) => c.notNull())
      .addColumn('confirmed_at', d.datetime)
      .addColumn('last_step', 'integer')
      .addPrimaryKeyConstraint('pk_totp_factors', ['user_id'])
      .execute();
    await db.schema
      .createTable('recovery_codes')
      .addColumn('id', 'varchar(36)', (c) => c.notNull())
      .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('code_hash', 'varchar(64)', (c) => c.notNull())
      .addColumn('created_at', d.datetime, (c) => c.notNull())
      .addColumn('used_at', d.datetime)
      .addPrimaryKeyConstraint('pk_recovery_codes', ['id'])
      .addUniqueConstraint('recovery_code_hash_unique', ['code_hash'])
      .execute();
    await db.schema
      .createIndex('ix_recovery_codes_user_id')
      .on('recovery_codes')
      .column('user_id')
      .execute();
    await stampAlembicVersion(db, '0006');
  },
};
