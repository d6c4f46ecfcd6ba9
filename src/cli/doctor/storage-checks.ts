import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { createSystemClock } from '../../clock/system-clock.js';
import type { Storage } from '../../ports/storage.js';
import { type DatabaseUrl, parseDatabaseUrl } from '../../storage/database-url.js';
import type { MongoSettings } from '../../storage/mongo/mongo-settings.js';
import type { MongoStorage } from '../../storage/mongo/mongo-storage.js';
import { openStorage } from '../../storage/open.js';
import { LATEST_MIGRATION, MIGRATION_NAMES } from '../../storage/sql/migrations/registry.js';
import { type CheckResult, errorLine, fail, pass } from './check-result.js';

const NOT_INSTALLED = `not installed (run \`regstack migrate\`); bundled head is ${LATEST_MIGRATION}`;

/**
 * Decision 24 in depth: storage errors already name the masked URL, and a driver message
 * that echoed the password anyway loses it here.
 */
export function scrubPassword(text: string, rawUrl: string): string {
  let password = '';
  try {
    password = new URL(rawUrl).password;
  } catch {
    return text;
  }
  if (password.length < 4) return text;
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {}
  return text.replaceAll(password, '***').replaceAll(decoded, '***');
}

function kindName(url: DatabaseUrl): string {
  return url.kind === 'mongodb' ? 'mongo' : url.kind;
}

/** Spec §12.3 `schema`: the deployed version against the bundled head (Decision 37). */
export async function checkSchema(storage: Storage, rawUrl: string): Promise<CheckResult> {
  try {
    const version = await storage.schemaVersion();
    if (version === null) return fail('schema', NOT_INSTALLED);
    if (version === LATEST_MIGRATION) return pass('schema', `at head (${LATEST_MIGRATION})`);
    if (!MIGRATION_NAMES.includes(version)) {
      return fail(
        'schema',
        `deployed revision ${version} is newer than bundled head ${LATEST_MIGRATION} (upgrade regstack)`,
      );
    }
    return fail(
      'schema',
      `deployed revision ${version} ≠ bundled head ${LATEST_MIGRATION} (run \`regstack migrate\`)`,
    );
  } catch (error) {
    return fail('schema', `check failed: ${scrubPassword(errorLine(error), rawUrl)}`);
  }
}

/**
 * `doctor` only reads, and opening a SQLite file that is not there would create it: a
 * missing file in a writable directory is reported as such, with an empty schema.
 */
function missingSqliteFile(url: Extract<DatabaseUrl, { kind: 'sqlite' }>): CheckResult[] {
  const directory = dirname(url.path);
  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    return [fail('backend', `sqlite unreachable: directory ${directory} does not exist`)];
  }
  try {
    accessSync(directory, constants.W_OK);
  } catch {
    return [fail('backend', `sqlite unreachable: directory ${directory} is not writable`)];
  }
  return [
    pass('backend', `sqlite file ${url.path} does not exist yet; \`regstack migrate\` creates it`),
    fail('schema', NOT_INSTALLED),
  ];
}

/**
 * Spec §12.3 `schema` on MongoDB, which has indexes instead of revisions: every index of
 * spec §10.4 must exist (`migrate` / `installSchema()` creates them).
 */
async function checkMongoIndexes(storage: Storage, rawUrl: string): Promise<CheckResult> {
  if (!isMongoStorage(storage)) return fail('schema', 'check failed: not a MongoDB storage');
  try {
    const missing = await storage.missingIndexes();
    if (missing.length === 0) return pass('schema', 'core indexes present');
    return fail(
      'schema',
      `missing: ${missing.join(', ')} (run \`regstack migrate\` or call installSchema())`,
    );
  } catch (error) {
    return fail('schema', `check failed: ${scrubPassword(errorLine(error), rawUrl)}`);
  }
}

function isMongoStorage(storage: Storage): storage is MongoStorage {
  return storage.kind === 'mongodb' && 'missingIndexes' in storage;
}

/** Spec §12.3 `backend` and `schema`: reachable (`ping()`), then the schema version. */
export async function checkStorage(
  rawUrl: string,
  mongo?: MongoSettings | undefined,
): Promise<CheckResult[]> {
  let url: DatabaseUrl;
  try {
    url = parseDatabaseUrl(rawUrl);
  } catch (error) {
    return [fail('backend', errorLine(error))];
  }
  if (url.kind === 'sqlite' && !url.memory && !existsSync(url.path)) {
    return missingSqliteFile(url);
  }
  let storage: Storage;
  try {
    storage = await openStorage({ url: rawUrl, clock: createSystemClock(), mongo });
  } catch (error) {
    return [
      fail('backend', `${kindName(url)} unreachable: ${scrubPassword(errorLine(error), rawUrl)}`),
    ];
  }
  try {
    await storage.ping();
  } catch (error) {
    await storage.close().catch(() => {});
    return [
      fail('backend', `${kindName(url)} unreachable: ${scrubPassword(errorLine(error), rawUrl)}`),
    ];
  }
  try {
    return [
      pass('backend', `${kindName(url)} reachable at ${url.display}`),
      url.kind === 'mongodb'
        ? await checkMongoIndexes(storage, rawUrl)
        : await checkSchema(storage, rawUrl),
    ];
  } finally {
    await storage.close();
  }
}
