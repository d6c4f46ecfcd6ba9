import { type Kysely, sql } from 'kysely';
import { type MigrationDialect, type SqlMigration, stampAlembicVersion } from './migration.js';

/*
 * Revision 0004: what keeps the admin listing and `/admin/stats` flat at a million users.
 *
 * - The listing orders users by (created_at, id), newest first. Without an index on that
 *   pair every page sorts the whole table; with it both the first page and a keyset page
 *   (`after=`) read only the rows they return.
 * - Every page reports `total`, and the stats report four counts. Counting a million rows
 *   costs tens of milliseconds on every call, so `user_counts` keeps them, one row, updated
 *   by triggers in the statement that changes `users`: exact, and right however the row was
 *   written (the Python library sharing the database included). A later migration that
 *   rebuilds `users` (SQLite's copy-and-rename) must create these triggers again.
 */

async function createCountsTable(db: Kysely<unknown>, d: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('user_counts')
    .addColumn('id', 'integer', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('active', 'bigint', (c) => c.notNull())
    .addColumn('verified', 'bigint', (c) => c.notNull())
    .addColumn('superusers', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('pk_user_counts', ['id'])
    .addCheckConstraint('ck_user_counts_one_row', sql`id = 1`)
    .execute();
  const flag = (column: string) =>
    d.name === 'postgres'
      ? sql`coalesce(sum(case when ${sql.ref(column)} then 1 else 0 end), 0)`
      : sql`coalesce(sum(${sql.ref(column)} <> 0), 0)`;
  await sql`insert into user_counts (id, total, active, verified, superusers)
    select 1, count(*), ${flag('is_active')}, ${flag('is_verified')}, ${flag('is_superuser')}
    from users`.execute(db);
}

async function createSqliteTriggers(db: Kysely<unknown>): Promise<void> {
  await sql`create trigger trg_user_counts_insert after insert on users begin
    update user_counts set total = total + 1, active = active + (new.is_active <> 0),
      verified = verified + (new.is_verified <> 0),
      superusers = superusers + (new.is_superuser <> 0) where id = 1;
  end`.execute(db);
  await sql`create trigger trg_user_counts_delete after delete on users begin
    update user_counts set total = total - 1, active = active - (old.is_active <> 0),
      verified = verified - (old.is_verified <> 0),
      superusers = superusers - (old.is_superuser <> 0) where id = 1;
  end`.execute(db);
  await sql`create trigger trg_user_counts_update
    after update of is_active, is_verified, is_superuser on users begin
    update user_counts set
      active = active + (new.is_active <> 0) - (old.is_active <> 0),
      verified = verified + (new.is_verified <> 0) - (old.is_verified <> 0),
      superusers = superusers + (new.is_superuser <> 0) - (old.is_superuser <> 0)
    where id = 1;
  end`.execute(db);
}

/** `sum(<flag>::int)` over a transition table, for the PostgreSQL trigger functions. */
const PG_SUMS = (rows: string): string =>
  `count(*), coalesce(sum(is_active::int), 0), coalesce(sum(is_verified::int), 0),
    coalesce(sum(is_superuser::int), 0) from ${rows}`;

/*
 * Statement-level triggers with transition tables: a bulk insert of a million rows updates
 * the counts once, not a million times, and an update that changes no flag (a sign-in's
 * `last_login`) writes nothing.
 */
async function createPostgresTriggers(db: Kysely<unknown>): Promise<void> {
  await sql`create function regstack_user_counts_insert() returns trigger language plpgsql as $$
    declare n bigint; a bigint; v bigint; s bigint;
    begin
      select ${sql.raw(PG_SUMS('new_rows'))} into n, a, v, s;
      update user_counts set total = total + n, active = active + a, verified = verified + v,
        superusers = superusers + s where id = 1;
      return null;
    end $$`.execute(db);
  await sql`create function regstack_user_counts_delete() returns trigger language plpgsql as $$
    declare n bigint; a bigint; v bigint; s bigint;
    begin
      select ${sql.raw(PG_SUMS('old_rows'))} into n, a, v, s;
      if n > 0 then
        update user_counts set total = total - n, active = active - a, verified = verified - v,
          superusers = superusers - s where id = 1;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create function regstack_user_counts_update() returns trigger language plpgsql as $$
    declare n bigint; a bigint; v bigint; s bigint; n0 bigint; a0 bigint; v0 bigint; s0 bigint;
    begin
      select ${sql.raw(PG_SUMS('new_rows'))} into n, a, v, s;
      select ${sql.raw(PG_SUMS('old_rows'))} into n0, a0, v0, s0;
      if a <> a0 or v <> v0 or s <> s0 then
        update user_counts set active = active + a - a0, verified = verified + v - v0,
          superusers = superusers + s - s0 where id = 1;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create function regstack_user_counts_truncate() returns trigger language plpgsql as $$
    begin
      update user_counts set total = 0, active = 0, verified = 0, superusers = 0 where id = 1;
      return null;
    end $$`.execute(db);
  await sql`create trigger trg_user_counts_insert after insert on users
    referencing new table as new_rows
    for each statement execute function regstack_user_counts_insert()`.execute(db);
  await sql`create trigger trg_user_counts_delete after delete on users
    referencing old table as old_rows
    for each statement execute function regstack_user_counts_delete()`.execute(db);
  await sql`create trigger trg_user_counts_update after update on users
    referencing old table as old_rows new table as new_rows
    for each statement execute function regstack_user_counts_update()`.execute(db);
  await sql`create trigger trg_user_counts_truncate after truncate on users
    for each statement execute function regstack_user_counts_truncate()`.execute(db);
}

export const MIGRATION_0004: SqlMigration = {
  description: 'users listing index and counts',
  async up(db, d) {
    await db.schema
      .createIndex('ix_users_created_at_id')
      .on('users')
      .columns(['created_at', 'id'])
      .execute();
    await createCountsTable(db, d);
    if (d.name === 'postgres') await createPostgresTriggers(db);
    else await createSqliteTriggers(db);
    await stampAlembicVersion(db, '0004');
  },
};
