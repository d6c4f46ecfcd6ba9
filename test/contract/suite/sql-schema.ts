import { describe, expect, it } from 'vitest';
import { ConfigError, SchemaError } from '../../../src/errors/errors.js';
import type { SqlStorage } from '../../../src/storage/sql/sql-storage.js';
import { pythonDatetime, pythonSchemaStatements } from '../../support/python-schema.js';
import {
  alembicVersion,
  indexColumns,
  listColumns,
  listConstraints,
  listIndexes,
  listTables,
  placeholder,
  type SqlKind,
} from './sql-introspection.js';
import type { ContractFactory, SubjectRef } from './subject.js';
import { useSubject } from './subject.js';

/** `DT` stands for the dialect's datetime column type. */
const DT = 'datetime';
const DATETIME: Record<SqlKind, string> = { sqlite: 'text', postgres: 'timestamp with time zone' };

type Column = readonly [name: string, type: string, nullable: boolean];

/** Every revision in order; 0001 and 0002 are the Python library's (TS-CONTRACT §11). */
const REVISIONS = ['0001', '0002', '0003', '0004', '0005', '0006', '0007', '0008', '0009'] as const;
const HEAD: string = REVISIONS[REVISIONS.length - 1] ?? '';

/** Spec §10.2 plus revisions 0003 and later (TS-CONTRACT §11). */
const SPEC_COLUMNS: Readonly<Record<string, readonly Column[]>> = {
  users: [
    ['id', 'varchar(36)', false],
    ['email', 'varchar(320)', false],
    ['hashed_password', 'text', true],
    ['is_active', 'boolean', false],
    ['is_verified', 'boolean', false],
    ['is_superuser', 'boolean', false],
    ['full_name', 'varchar(200)', true],
    ['phone_number', 'varchar(20)', true],
    ['is_mfa_enabled', 'boolean', false],
    ['created_at', DT, false],
    ['updated_at', DT, false],
    ['last_login', DT, true],
    ['tokens_invalidated_after', DT, true],
  ],
  pending_registrations: [
    ['id', 'varchar(36)', false],
    ['email', 'varchar(320)', false],
    ['hashed_password', 'text', true],
    ['full_name', 'varchar(200)', true],
    ['token_hash', 'varchar(64)', false],
    ['created_at', DT, false],
    ['expires_at', DT, false],
  ],
  token_blacklist: [
    ['id', 'integer', false],
    ['jti', 'varchar(64)', false],
    ['exp', DT, false],
  ],
  login_attempts: [
    ['id', 'integer', false],
    ['email', 'varchar(320)', false],
    ['when', DT, false],
    ['ip', 'varchar(64)', true],
  ],
  mfa_codes: [
    ['id', 'integer', false],
    ['user_id', 'varchar(36)', false],
    ['kind', 'varchar(32)', false],
    ['code_hash', 'varchar(64)', false],
    ['expires_at', DT, false],
    ['attempts', 'integer', false],
    ['max_attempts', 'integer', false],
    ['created_at', DT, false],
  ],
  oauth_identities: [
    ['id', 'varchar(36)', false],
    ['user_id', 'varchar(36)', false],
    ['provider', 'varchar(32)', false],
    ['subject_id', 'varchar(255)', false],
    ['email', 'varchar(320)', true],
    ['linked_at', DT, false],
    ['last_used_at', DT, true],
  ],
  oauth_states: [
    ['id', 'varchar(64)', false],
    ['provider', 'varchar(32)', false],
    ['code_verifier', 'text', false],
    ['nonce', 'varchar(64)', false],
    ['redirect_to', 'text', false],
    ['mode', 'varchar(16)', false],
    ['linking_user_id', 'varchar(36)', true],
    ['created_at', DT, false],
    ['expires_at', DT, false],
    ['result_token', 'text', true],
    ['was_new_account', 'boolean', true],
    ['completed_at', DT, true],
  ],
  user_counts: [
    ['id', 'integer', false],
    ['total', 'bigint', false],
    ['active', 'bigint', false],
    ['verified', 'bigint', false],
    ['superusers', 'bigint', false],
  ],
  user_sessions: [
    ['id', 'varchar(36)', false],
    ['user_id', 'varchar(36)', false],
    ['jti', 'varchar(64)', false],
    ['created_at', DT, false],
    ['expires_at', DT, false],
    ['user_agent', 'varchar(512)', true],
    ['ip', 'varchar(64)', true],
    ['method', 'varchar(64)', false],
  ],
  totp_factors: [
    ['user_id', 'varchar(36)', false],
    ['sealed_secret', 'text', false],
    ['created_at', DT, false],
    ['confirmed_at', DT, true],
    ['last_step', 'integer', true],
  ],
  recovery_codes: [
    ['id', 'varchar(36)', false],
    ['user_id', 'varchar(36)', false],
    ['code_hash', 'varchar(64)', false],
    ['created_at', DT, false],
    ['used_at', DT, true],
  ],
  passkey_credentials: [
    ['id', 'varchar(36)', false],
    ['user_id', 'varchar(36)', false],
    ['credential_id', 'varchar(1400)', false],
    ['public_key', 'text', false],
    ['counter', 'bigint', false],
    ['transports', 'varchar(256)', false],
    ['device_type', 'varchar(32)', false],
    ['backed_up', 'boolean', false],
    ['name', 'varchar(64)', false],
    ['created_at', DT, false],
    ['last_used_at', DT, true],
  ],
  webauthn_challenges: [
    ['id', 'varchar(36)', false],
    ['challenge_hash', 'varchar(64)', false],
    ['purpose', 'varchar(32)', false],
    ['user_id', 'varchar(36)', true],
    ['created_at', DT, false],
    ['expires_at', DT, false],
  ],
  audit_events: [
    ['id', 'varchar(36)', false],
    ['occurred_at', DT, false],
    ['type', 'varchar(64)', false],
    ['outcome', 'varchar(16)', false],
    ['actor_id', 'varchar(36)', true],
    ['user_id', 'varchar(36)', true],
    ['ip', 'varchar(64)', true],
    ['user_agent', 'varchar(512)', true],
    ['details', 'text', false],
  ],
  webhook_deliveries: [
    ['id', 'varchar(64)', false],
    ['endpoint', 'varchar(64)', false],
    ['event_type', 'varchar(64)', false],
    ['user_id', 'varchar(36)', true],
    ['payload', 'text', false],
    ['state', 'varchar(16)', false],
    ['attempts', 'integer', false],
    ['next_attempt_at', DT, false],
    ['lease_until', DT, true],
    ['lease_owner', 'varchar(64)', true],
    ['last_status', 'integer', true],
    ['last_error', 'text', true],
    ['created_at', DT, false],
    ['delivered_at', DT, true],
  ],
  alembic_version: [['version_num', 'varchar(32)', false]],
};

const SPEC_CONSTRAINTS = [
  'alembic_version_pkc',
  'ck_mfa_codes_attempts_nonneg',
  'ck_oauth_states_mode_valid',
  'ck_user_counts_one_row',
  'email_unique',
  'jti_unique',
  'passkey_credential_id_unique',
  'pending_email_unique',
  'pending_token_unique',
  'pk_audit_events',
  'pk_login_attempts',
  'pk_mfa_codes',
  'pk_oauth_identities',
  'pk_oauth_states',
  'pk_passkey_credentials',
  'pk_pending_registrations',
  'pk_recovery_codes',
  'pk_token_blacklist',
  'pk_totp_factors',
  'pk_user_counts',
  'pk_user_sessions',
  'pk_users',
  'pk_webauthn_challenges',
  'pk_webhook_deliveries',
  'provider_subject_unique',
  'recovery_code_hash_unique',
  'user_kind_unique',
  'user_provider_unique',
  'user_sessions_jti_unique',
];

const SPEC_INDEXES = [
  'ix_audit_events_occurred_at_id',
  'ix_audit_events_user_id_occurred_at_id',
  'ix_blacklist_exp',
  'ix_login_attempts_email_when',
  'ix_mfa_codes_expires_at',
  'ix_oauth_states_expires_at',
  'ix_passkey_credentials_user_id',
  'ix_pending_expires_at',
  'ix_recovery_codes_user_id',
  'ix_user_sessions_expires_at',
  'ix_user_sessions_user_id',
  'ix_users_created_at_id',
  'ix_webauthn_challenges_expires_at',
  'ix_webhook_deliveries_delivered_at',
  'ix_webhook_deliveries_due',
  'ix_webhook_deliveries_order',
];

/** The migrator's bookkeeping, named for regstack so a host's own Kysely tables never clash. */
const BOOKKEEPING = ['regstack_migration', 'regstack_migration_lock'];

async function run(storage: SqlStorage, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await storage.rawQuery(statement);
}

function schemaContract(s: SubjectRef<SqlStorage>): void {
  const nullable = async (table: string, column: string): Promise<boolean | undefined> =>
    (await listColumns(s.storage, table)).find((c) => c.name === column)?.nullable;

  it("migrate() creates exactly the spec's tables, alembic_version and the migrator's bookkeeping", async () => {
    expect(await listTables(s.storage)).toEqual([]);
    await s.storage.migrate();
    expect(await listTables(s.storage)).toEqual(
      [...Object.keys(SPEC_COLUMNS), ...BOOKKEEPING].sort(),
    );
  });

  it("migrate() creates the spec's columns with their types and nullability", async () => {
    await s.storage.migrate();
    for (const [table, columns] of Object.entries(SPEC_COLUMNS)) {
      const expected = columns.map(([name, type, isNullable]) => ({
        name,
        type: type === DT ? DATETIME[s.storage.kind] : type,
        nullable: isNullable,
      }));
      expect({ table, columns: await listColumns(s.storage, table) }).toEqual({
        table,
        columns: expected,
      });
    }
  });

  it("migrate() creates the spec's named constraints and indexes", async () => {
    await s.storage.migrate();
    expect(await listConstraints(s.storage)).toEqual(SPEC_CONSTRAINTS);
    expect(await listIndexes(s.storage)).toEqual(SPEC_INDEXES);
    expect(await indexColumns(s.storage, 'ix_login_attempts_email_when')).toEqual([
      'email',
      'when',
    ]);
    expect(await indexColumns(s.storage, 'ix_users_created_at_id')).toEqual(['created_at', 'id']);
  });

  it('migrate() records the head revision in alembic_version and schemaVersion()', async () => {
    expect(await s.storage.schemaVersion()).toBeNull();
    expect(await s.storage.migrate()).toEqual({
      applied: [...REVISIONS],
      current: HEAD,
    });
    expect(await s.storage.schemaVersion()).toBe(HEAD);
    expect(await alembicVersion(s.storage)).toEqual([HEAD]);
  });

  it('migrate() is idempotent', async () => {
    await s.storage.migrate();
    expect(await s.storage.migrate()).toEqual({ applied: [], current: HEAD });
    expect(await s.storage.migrate(HEAD)).toEqual({ applied: [], current: HEAD });
    expect(await alembicVersion(s.storage)).toEqual([HEAD]);
  });

  it('migrate(target) stops at that revision and a later migrate() applies the rest', async () => {
    expect(await s.storage.migrate('0002')).toEqual({ applied: ['0001', '0002'], current: '0002' });
    expect(await alembicVersion(s.storage)).toEqual(['0002']);
    expect(await nullable('pending_registrations', 'hashed_password')).toBe(false);
    expect(await nullable('users', 'hashed_password')).toBe(true);
    expect(await s.storage.migrate()).toEqual({ applied: REVISIONS.slice(2), current: HEAD });
    expect(await nullable('pending_registrations', 'hashed_password')).toBe(true);
  });

  it('migrate() rejects an unknown target and refuses to migrate down', async () => {
    await expect(s.storage.migrate('0099')).rejects.toBeInstanceOf(ConfigError);
    await s.storage.migrate();
    await expect(s.storage.migrate('0001')).rejects.toThrow(SchemaError);
    expect(await s.storage.schemaVersion()).toBe(HEAD);
  });

  it('migrate() rejects a database migrated by a newer regstack with SchemaError', async () => {
    await s.storage.migrate();
    await s.storage.rawQuery(
      `insert into regstack_migration (name, timestamp) values ('0099', '2030-01-01T00:00:00.000Z')`,
    );
    await s.storage.rawQuery("update alembic_version set version_num = '0099'");
    const error = await s.storage.migrate().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaError);
    expect(error).toHaveProperty(
      'message',
      `Database schema version 0099 is newer than this regstack (latest ${HEAD}); upgrade regstack.`,
    );
  });

  it('migrate() rejects a database whose alembic_version is unknown with SchemaError', async () => {
    await run(s.storage, pythonSchemaStatements(s.storage.kind, '0002'));
    await s.storage.rawQuery("update alembic_version set version_num = '0099'");
    await expect(s.storage.migrate()).rejects.toThrow(
      `Database schema version 0099 is newer than this regstack (latest ${HEAD}); upgrade regstack.`,
    );
    expect(await listTables(s.storage)).not.toContain('regstack_migration');
  });

  it('migrate() adopts a database the Python library left at 0002 and keeps its rows', async () => {
    const { storage } = s;
    const kind = storage.kind;
    const dt = (iso: string): string => `'${pythonDatetime(kind, iso)}'`;
    const userId = '0123456789abcdef0123456789abcdef';
    await run(storage, [
      ...pythonSchemaStatements(kind, '0002'),
      `INSERT INTO users VALUES ('${userId}', 'Alice@Example.com', '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA',
        TRUE, TRUE, FALSE, 'Alice', NULL, FALSE, ${dt('2025-01-01T00:00:00.000000Z')},
        ${dt('2025-01-02T03:04:05.678901Z')}, NULL, ${dt('2025-01-02T03:04:05.678901Z')})`,
      `INSERT INTO pending_registrations VALUES ('p1', 'Carol@Example.com', 'h', NULL, '${'1'.repeat(64)}',
        ${dt('2025-01-01T00:00:00.000000Z')}, ${dt('2025-01-01T01:00:00.000000Z')})`,
      `INSERT INTO pending_registrations VALUES ('p2', 'carol@example.com', 'h', NULL, '${'2'.repeat(64)}',
        ${dt('2025-01-01T00:10:00.000000Z')}, ${dt('2025-01-01T01:10:00.000000Z')})`,
      `INSERT INTO pending_registrations VALUES ('p3', 'DAVE@example.com', 'h', NULL, '${'3'.repeat(64)}',
        ${dt('2025-01-01T00:20:00.000000Z')}, ${dt('2025-01-01T01:20:00.000000Z')})`,
      `INSERT INTO token_blacklist (jti, exp) VALUES ('revoked-jti', ${dt('2025-01-01T01:00:00.000000Z')})`,
    ]);
    expect(await storage.schemaVersion()).toBe('0002');

    expect(await storage.migrate()).toEqual({ applied: REVISIONS.slice(2), current: HEAD });
    expect(await alembicVersion(storage)).toEqual([HEAD]);
    expect(await nullable('pending_registrations', 'hashed_password')).toBe(true);

    const alice = await storage.users.getByEmail('alice@example.com');
    expect(alice).toMatchObject({
      id: userId,
      isActive: true,
      isVerified: true,
      createdAt: Date.UTC(2025, 0, 1) * 1000,
      tokensInvalidatedAfter: Date.UTC(2025, 0, 2, 3, 4, 5) * 1000 + 678_901,
    });
    expect(await storage.sessions.load(userId, 'revoked-jti')).toEqual({
      user: alice,
      revoked: true,
    });
    // The counts start from the rows already there.
    expect(await storage.users.count()).toBe(1);
    expect(await storage.users.count({ isVerified: true })).toBe(1);
    expect(await storage.pending.findByEmail('carol@example.com')).toMatchObject({ id: 'p2' });
    expect(await storage.pending.findByEmail('dave@example.com')).toMatchObject({ id: 'p3' });
    expect(await storage.pending.findByTokenHash('1'.repeat(64))).toBeNull();

    await storage.pending.upsert({
      email: 'erin@example.com',
      hashedPassword: null,
      fullName: null,
      tokenHash: '4'.repeat(64),
      expiresAt: s.clock.now() + 1,
    });
    expect(await storage.migrate()).toEqual({ applied: [], current: HEAD });
  });

  it('migrate() adopts a database the Python library left at 0001', async () => {
    await run(s.storage, pythonSchemaStatements(s.storage.kind, '0001'));
    expect(await s.storage.migrate()).toEqual({ applied: REVISIONS.slice(1), current: HEAD });
    expect(await nullable('users', 'hashed_password')).toBe(true);
    const user = await s.storage.users.create({ email: 'a@example.com', hashedPassword: null });
    expect(await s.storage.users.getById(user.id)).toEqual(user);
  });

  it('a failing migration leaves the database at the previous revision', async () => {
    const { storage } = s;
    const dt = `'${pythonDatetime(storage.kind, '2025-01-01T00:00:00.000000Z')}'`;
    const user = (id: string, email: string): string =>
      `INSERT INTO users VALUES ('${id}', '${email}', 'h', TRUE, TRUE, FALSE, NULL, NULL, FALSE,
        ${dt}, ${dt}, NULL, NULL)`;
    await run(storage, [
      ...pythonSchemaStatements(storage.kind, '0002'),
      user('1'.repeat(32), 'Zed@Example.com'),
      user('2'.repeat(32), 'zed@example.com'),
      user('3'.repeat(32), 'Amy@Example.com'),
    ]);
    const error = await storage.migrate().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaError);
    expect(String(error)).toContain('Migration 0003 failed');
    expect(String(error)).toContain('Zed@Example.com');

    expect(await storage.schemaVersion()).toBe('0002');
    expect(await alembicVersion(storage)).toEqual(['0002']);
    expect(await nullable('pending_registrations', 'hashed_password')).toBe(false);
    const stateColumns = (await listColumns(storage, 'oauth_states')).map((c) => c.name);
    expect(stateColumns).not.toContain('was_new_account');
    const emails = await storage.rawQuery('select email from users order by email');
    expect(emails).toEqual([
      { email: 'Amy@Example.com' },
      { email: 'Zed@Example.com' },
      { email: 'zed@example.com' },
    ]);

    await storage.rawQuery(`delete from users where id = ${placeholder(storage.kind, 1)}`, [
      '1'.repeat(32),
    ]);
    expect(await storage.migrate()).toEqual({ applied: REVISIONS.slice(2), current: HEAD });
    expect(await storage.users.getByEmail('amy@example.com')).not.toBeNull();
  });

  it('user_counts follows rows another tool writes, updates and deletes with plain SQL', async () => {
    const { storage } = s;
    await storage.migrate();
    const dt = `'${pythonDatetime(storage.kind, '2025-01-01T00:00:00.000000Z')}'`;
    const t = storage.kind === 'postgres' ? 'TRUE' : '1';
    const f = storage.kind === 'postgres' ? 'FALSE' : '0';
    for (const [id, verified] of [
      ['1'.repeat(32), t],
      ['2'.repeat(32), f],
      ['3'.repeat(32), t],
    ] as const) {
      await storage.rawQuery(`INSERT INTO users VALUES ('${id}', 'u${id.slice(0, 1)}@example.com', 'h',
        ${t}, ${verified}, ${f}, NULL, NULL, ${f}, ${dt}, ${dt}, NULL, NULL)`);
    }
    await storage.rawQuery(`UPDATE users SET is_superuser = ${t}, is_active = ${f}`);
    await storage.rawQuery(`DELETE FROM users WHERE id = '${'3'.repeat(32)}'`);
    expect(await storage.users.count()).toBe(2);
    expect(await storage.users.count({ isVerified: true })).toBe(1);
    expect(await storage.users.count({ isSuperuser: true })).toBe(2);
    expect(await storage.users.count({ isActive: true })).toBe(0);
    const [counts] = await storage.rawQuery(
      'select total, active, verified, superusers from user_counts',
    );
    const [real] = await storage.rawQuery(`select count(*) as total from users`);
    expect(Number((counts as { total: unknown }).total)).toBe(
      Number((real as { total: unknown }).total),
    );
    if (storage.kind === 'postgres') {
      await storage.rawQuery('TRUNCATE users');
      expect(await storage.users.count()).toBe(0);
      expect(await storage.users.count({ isSuperuser: true })).toBe(0);
    }
  });

  it('storage.ping() answers on a reachable database', async () => {
    await expect(s.storage.ping()).resolves.toBeUndefined();
  });
}

/**
 * The SQL schema and its migrations (spec §10.2–§10.3, TS-CONTRACT §11). `factory` opens a
 * fresh, unmigrated SQL storage on an empty database.
 */
export function runSqlSchemaContract(name: string, factory: ContractFactory<SqlStorage>): void {
  describe(`SQL schema contract: ${name}`, () => {
    schemaContract(useSubject(factory, { migrate: false }));
  });
}
