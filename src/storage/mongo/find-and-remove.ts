import type { Document } from 'mongodb';
import type { CollectionNames } from './collection-names.js';
import { modifiedValue } from './driver-errors.js';
import type { MongoContext } from './mongo-context.js';

/**
 * Atomic read-and-delete of one document: exactly one concurrent caller receives it. This is
 * the `findAndModify` command with `remove: true`, which is what `findOneAndDelete` sends,
 * minus the `new: false` flag the jongodb test server refuses; real MongoDB answers both alike.
 */
export async function findAndRemove(
  context: MongoContext,
  key: keyof CollectionNames,
  query: Document,
): Promise<Document | null> {
  const reply = await context.db.command({
    findAndModify: context.names[key],
    query,
    remove: true,
  });
  return modifiedValue(reply);
}
