import type { Document } from 'mongodb';
import { isNamespaceNotFound } from './driver-errors.js';
import type { CORE_INDEXES, IndexSpec } from './index-specs.js';
import type { MongoContext } from './mongo-context.js';

/** The indexes a collection has, by name; a collection not created yet has none. */
async function existingIndexes(
  context: MongoContext,
  name: string,
): Promise<Map<string, Document>> {
  try {
    const indexes = await context.db.collection(name).listIndexes().toArray();
    return new Map(indexes.map((index) => [String(index.name), index]));
  } catch (error) {
    if (isNamespaceNotFound(error)) return new Map();
    throw error;
  }
}

/** A TTL index built with another lifetime (Decision 43: the lockout window changed). */
async function retime(context: MongoContext, spec: IndexSpec, name: string): Promise<void> {
  try {
    await context.db.command({
      collMod: name,
      index: { name: spec.name, expireAfterSeconds: spec.expireAfterSeconds },
    });
  } catch {
    // Servers without `collMod` on indexes: rebuild it. Reads never depend on the TTL index.
    const collection = context.db.collection(name);
    await collection.dropIndex(spec.name);
    await create(context, spec, name);
  }
}

async function create(context: MongoContext, spec: IndexSpec, name: string): Promise<void> {
  await context.db.collection(name).createIndex(
    { ...spec.key },
    {
      name: spec.name,
      ...(spec.unique === true ? { unique: true } : {}),
      ...(spec.expireAfterSeconds === undefined
        ? {}
        : { expireAfterSeconds: spec.expireAfterSeconds }),
    },
  );
}

/**
 * Creates the indexes that are missing and re-times TTL indexes whose lifetime changed;
 * idempotent. Returns what it did, one line per index (`created users.email_unique`).
 */
export async function installIndexes(
  context: MongoContext,
  specs: readonly IndexSpec[],
): Promise<string[]> {
  const done: string[] = [];
  const byCollection = new Map<string, Map<string, Document>>();
  for (const spec of specs) {
    const name = context.names[spec.collection];
    let existing = byCollection.get(name);
    if (existing === undefined) {
      existing = await existingIndexes(context, name);
      byCollection.set(name, existing);
    }
    const found = existing.get(spec.name);
    if (found === undefined) {
      await create(context, spec, name);
      done.push(`created ${name}.${spec.name}`);
    } else if (
      spec.expireAfterSeconds !== undefined &&
      found.expireAfterSeconds !== spec.expireAfterSeconds
    ) {
      await retime(context, spec, name);
      done.push(`re-timed ${name}.${spec.name} to ${spec.expireAfterSeconds} s`);
    }
  }
  return done;
}

/** The `collection.index` names of the indexes that are not there. */
export async function missingIndexes(
  context: MongoContext,
  wanted: typeof CORE_INDEXES,
): Promise<string[]> {
  const missing: string[] = [];
  for (const [key, index] of wanted) {
    const name = context.names[key];
    if (!(await existingIndexes(context, name)).has(index)) missing.push(`${name}.${index}`);
  }
  return missing;
}
