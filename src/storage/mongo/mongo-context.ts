import type { Collection, Db, Document } from 'mongodb';
import type { Clock } from '../../ports/clock.js';
import type { CollectionNames } from './collection-names.js';
import type { MongoDriver } from './load-driver.js';

/** What every MongoDB repository is built from. The driver module is loaded at open time. */
export interface MongoContext {
  readonly driver: MongoDriver;
  readonly db: Db;
  readonly names: CollectionNames;
  readonly clock: Clock;
}

/** The collection a repository works on, under its configured name. */
export function collection<T extends Document = Document>(
  context: MongoContext,
  key: keyof CollectionNames,
): Collection<T> {
  return context.db.collection<T>(context.names[key]);
}
