import { type Kysely, sql } from 'kysely';
import { readInstant } from '../instant-codec.js';
import { createPendingIndexes, createPendingTable } from './0001-initial.js';
import { rebuildSqliteTable, type SqlMigration, stampAlembicVersion } from './migration.js';

/*
 * Revision 0003, the TypeScript library's first (TS-CONTRACT §11): passwordless pending
 * rows (Decision 12), OAuth completion data (Decisions 10 and 29), and lower-cased emails
 * so exact matching is case-insensitive matching (Decision 28).
 */

/** Rows whose email may change when lower-cased (SQL `lower()` alone misses non-ASCII). */
const MAY_CHANGE = sql`email <> lower(email) or length(email) <> octet_length(email)`;

async function lowerCaseUserEmails(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ id: string; email: string }>`
    select id, email from users where ${MAY_CHANGE} order by id`.execute(db);
  for (const { id, email } of rows) {
    const lowered = email.toLowerCase();
    if (lowered === email) continue;
    const clash = await sql`select id from users where email = ${lowered}`.execute(db);
    if (clash.rows.length > 0) {
      throw new Error(
        `two accounts differ only in letter case (${email} and ${lowered}); emails are ` +
          'case-insensitive now (Decision 28): merge or delete one, then migrate again',
      );
    }
    await sql`update users set email = ${lowered} where id = ${id}`.execute(db);
  }
}

/** Pending rows are disposable: of two that now share an email, the newer one stays. */
async function lowerCasePendingEmails(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ id: string; email: string; created_at: unknown }>`
    select id, email, created_at from pending_registrations where ${MAY_CHANGE}`.execute(db);
  for (const { id, email, created_at } of rows) {
    const lowered = email.toLowerCase();
    if (lowered === email) continue;
    const { rows: clashes } = await sql<{ id: string; created_at: unknown }>`
      select id, created_at from pending_registrations where email = ${lowered}`.execute(db);
    const clash = clashes[0];
    if (clash !== undefined && readInstant(clash.created_at) > readInstant(created_at)) {
      await sql`delete from pending_registrations where id = ${id}`.execute(db);
      continue;
    }
    if (clash !== undefined) {
      await sql`delete from pending_registrations where id = ${clash.id}`.execute(db);
    }
    await sql`update pending_registrations set email = ${lowered} where id = ${id}`.execute(db);
  }
}

export const MIGRATION_0003: SqlMigration = {
  description: 'passwordless pending rows, oauth completion, lower-cased emails',
  async up(db, d) {
    if (d.name === 'postgres') {
      await db.schema
        .alterTable('pending_registrations')
        .alterColumn('hashed_password', (c) => c.dropNotNull())
        .execute();
    } else {
      await rebuildSqliteTable(db, 'pending_registrations', (name) =>
        createPendingTable(db, d, name, false),
      );
      await createPendingIndexes(db);
    }
    await db.schema.alterTable('oauth_states').addColumn('was_new_account', 'boolean').execute();
    await db.schema.alterTable('oauth_states').addColumn('completed_at', d.datetime).execute();
    await lowerCaseUserEmails(db);
    await lowerCasePendingEmails(db);
    await stampAlembicVersion(db, '0003');
  },
};
