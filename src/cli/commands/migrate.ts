import { createSystemClock } from '../../clock/system-clock.js';
import type { MigrationReport, Storage } from '../../ports/storage.js';
import { parseDatabaseUrl } from '../../storage/database-url.js';
import { mongoSettings } from '../../storage/mongo/mongo-settings.js';
import { openStorage } from '../../storage/open.js';
import { LATEST_MIGRATION, MIGRATION_NAMES } from '../../storage/sql/migrations/registry.js';
import { errorLine } from '../doctor/check-result.js';
import { EXIT, ExitError } from '../exit-error.js';
import { loadCliConfig } from '../load-cli-config.js';
import type { CliIo } from '../main.js';

export interface MigrateOptions {
  /** `head`, a revision id (`0002`) or a relative step (`+1`). @default "head" */
  readonly target: string;
  readonly config?: string | undefined;
}

/** The revision a `--target` spec names, given the current one (spec §12.4: Alembic's forms). */
export function resolveTarget(spec: string, current: string | null): string {
  if (spec === 'head') return LATEST_MIGRATION;
  if (MIGRATION_NAMES.includes(spec)) return spec;
  const step = /^\+(\d+)$/.exec(spec)?.[1];
  if (step !== undefined) {
    const index = (current === null ? -1 : MIGRATION_NAMES.indexOf(current)) + Number(step);
    const revision = MIGRATION_NAMES[index];
    if (revision !== undefined && Number(step) > 0) return revision;
    throw new ExitError(
      EXIT.usage,
      `regstack: --target ${spec}: goes past the bundled head ${LATEST_MIGRATION}`,
    );
  }
  throw new ExitError(
    EXIT.usage,
    `regstack: --target ${spec}: unknown revision (use head, +N or one of ${MIGRATION_NAMES.join(', ')})`,
  );
}

/**
 * MongoDB has no revisions: `migrate` creates the indexes of spec §10.4 that are missing
 * (and re-times a TTL index whose lifetime changed, Decision 43), naming each.
 */
async function installMongoIndexes(storage: Storage, display: string, io: CliIo): Promise<number> {
  io.out(`installing indexes on ${display}…\n`);
  let report: MigrationReport;
  try {
    report = await storage.migrate();
  } catch (error) {
    io.err(`install failed: ${errorLine(error)}\n`);
    return EXIT.failure;
  }
  for (const line of report.applied) io.out(`${line}\n`);
  io.out(report.applied.length === 0 ? 'indexes already present\n' : 'indexes present\n');
  return EXIT.ok;
}

/** `regstack migrate`: brings the SQL schema to `--target` (spec §12.4, Decision 24). */
export async function migrate(options: MigrateOptions, io: CliIo): Promise<number> {
  const { config } = loadCliConfig(options.config);
  const rawUrl = config.database_url.reveal();
  const url = parseDatabaseUrl(rawUrl);
  if (url.kind === 'mongodb' && options.target !== 'head') {
    throw new ExitError(
      EXIT.usage,
      `regstack: --target ${options.target}: MongoDB has no revisions; run \`regstack migrate\` without --target`,
    );
  }
  const storage = await openStorage({
    url: rawUrl,
    clock: createSystemClock(),
    mongo: mongoSettings(config),
  });
  if (url.kind === 'mongodb') {
    try {
      return await installMongoIndexes(storage, url.display, io);
    } finally {
      await storage.close();
    }
  }
  try {
    const current = await storage.schemaVersion();
    if (current !== null && !MIGRATION_NAMES.includes(current)) {
      throw new ExitError(
        EXIT.failure,
        `regstack: database schema version ${current} is newer than this regstack (bundled head ${LATEST_MIGRATION}); upgrade regstack.`,
      );
    }
    const goal = resolveTarget(options.target, current);
    if (current === goal) {
      io.out(options.target === 'head' ? `already at head (${goal})\n` : `already at ${goal}\n`);
      return EXIT.ok;
    }
    if (current !== null && current > goal) {
      throw new ExitError(
        EXIT.failure,
        `regstack: database is at ${current}, past ${goal}; regstack does not migrate down.`,
      );
    }
    io.out(`upgrading ${url.display} from ${current ?? '(empty)'} to ${goal}…\n`);
    let report: MigrationReport;
    try {
      report = await storage.migrate(goal);
    } catch (error) {
      io.err(`upgrade failed: ${errorLine(error)}\n`);
      return EXIT.failure;
    }
    for (const revision of report.applied) io.out(`applied ${revision}\n`);
    io.out(`now at ${report.current ?? '(empty)'}\n`);
    return EXIT.ok;
  } finally {
    await storage.close();
  }
}
