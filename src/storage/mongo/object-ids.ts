import type { ObjectId } from 'mongodb';
import type { MongoDriver } from './load-driver.js';

const OBJECT_ID_HEX = /^[0-9a-f]{24}$/i;

/**
 * The ObjectId an id string names, or null for anything else: a malformed id finds nothing
 * (spec §10.5). The driver's own `isValid` also accepts any 12-character string, so the
 * 24-hex shape is checked here.
 */
export function parseObjectId(driver: MongoDriver, id: string): ObjectId | null {
  return OBJECT_ID_HEX.test(id) ? driver.ObjectId.createFromHexString(id) : null;
}
