import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../ports/clock.js';
import type { SqlCodec } from './instant-codec.js';
import type { Tables } from './tables.js';

/** What every SQL repository is built from. */
export interface SqlContext {
  readonly db: Kysely<Tables>;
  readonly codec: SqlCodec;
  readonly clock: Clock;
}

/** A SQL id: a UUID4 as 32 lowercase hex characters (spec §3.1). */
export function newId(): string {
  return randomUUID().replaceAll('-', '');
}
