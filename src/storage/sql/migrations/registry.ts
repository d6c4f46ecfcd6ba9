import { MIGRATION_0001 } from './0001-initial.js';
import { MIGRATION_0002 } from './0002-oauth.js';
import { MIGRATION_0003 } from './0003-regstack.js';
import { MIGRATION_0004 } from './0004-users-listing-index.js';
import { MIGRATION_0005 } from './0005-sessions.js';
import { MIGRATION_0006 } from './0006-second-factors.js';
import { MIGRATION_0007 } from './0007-passkeys.js';
import { MIGRATION_0008 } from './0008-audit-events.js';
import { MIGRATION_0009 } from './0009-webhook-deliveries.js';
import type { SqlMigration } from './migration.js';

/**
 * Every schema revision, in order. Ids continue the Python library's Alembic revisions
 * (`0001`, `0002`), so both libraries can share one database (DESIGN §9).
 */
export const SQL_MIGRATIONS: Readonly<Record<string, SqlMigration>> = {
  '0001': MIGRATION_0001,
  '0002': MIGRATION_0002,
  '0003': MIGRATION_0003,
  '0004': MIGRATION_0004,
  '0005': MIGRATION_0005,
  '0006': MIGRATION_0006,
  '0007': MIGRATION_0007,
  '0008': MIGRATION_0008,
  '0009': MIGRATION_0009,
};

export const MIGRATION_NAMES: readonly string[] = Object.keys(SQL_MIGRATIONS).sort();

export const LATEST_MIGRATION = '0009';
