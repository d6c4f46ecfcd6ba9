import { type SqlMigration, stampAlembicVersion } from './migration.js';

/*
 * Revision 0007: passkeys. A credential keeps its public key only, and its credential id is
 * unique across users, so one authenticator's key names one account. `counter` is a uint32
 * in WebAuthn, past PostgreSQL's `integer`, hence `bigint`. A challenge is kept as its
 * SHA-256: a database reader cannot answer it, and a row is deleted when it is used.
 */

export const MIGRATION_0007: SqlMigration = {
  description: 'passkeys',
  async up(db, d) {
    await db.schema
      .createTable('passkey_credentials')
      .addColumn('id', 'varchar(36)', (c) => c.notNull())
      .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('credential_id', 'varchar(1400)', (c) => c.notNull())
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('counter', 'bigint', (c) => c.notNull())
      .addColumn('transports', 'varchar(256)', (c) => c.notNull())
      .addColumn('device_type', 'varchar(32)', (c) => c.notNull())
      .addColumn('backed_up', 'boolean', (c) => c.notNull())
      .addColumn('name', 'varchar(64)', (c) => c.notNull())
      .addColumn('created_at', d.datetime, (c) => c.notNull())
      .addColumn('last_used_at', d.datetime)
      .addPrimaryKeyConstraint('pk_passkey_credentials', ['id'])
      .addUniqueConstraint('passkey_credential_id_unique', ['credential_id'])
      .execute();
    await db.schema
      .createIndex('ix_passkey_credentials_user_id')
      .on('passkey_credentials')
      .column('user_id')
      .execute();
    await db.schema
      .createTable('webauthn_challenges')
      .addColumn('id', 'varchar(36)', (c) => c.notNull())
      .addColumn('challenge_hash', 'varchar(64)', (c) => c.notNull())
      .addColumn('purpose', 'varchar(32)', (c) => c.notNull())
      .addColumn('user_id', 'varchar(36)')
      .addColumn('created_at', d.datetime, (c) => c.notNull())
      .addColumn('expires_at', d.datetime, (c) => c.notNull())
      .addPrimaryKeyConstraint('pk_webauthn_challenges', ['id'])
      .execute();
    await db.schema
      .createIndex('ix_webauthn_challenges_expires_at')
      .on('webauthn_challenges')
      .column('expires_at')
      .execute();
    await stampAlembicVersion(db, '0007');
  },
};
