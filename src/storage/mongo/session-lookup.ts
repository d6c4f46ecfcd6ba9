import type { SessionLookup } from '../../ports/storage.js';
import { laterThan } from './instant-fields.js';
import { collection, type MongoContext } from './mongo-context.js';
import { parseObjectId } from './object-ids.js';
import { toUserRecord } from './user-repo.js';

/*
 * The authenticated-request hot path (DESIGN §6). MongoDB has no join across these two
 * collections worth its cost, so the user and the revocation check are two reads sent
 * together: one round trip of latency, on two pooled connections.
 */

export function createSessionLookup(context: MongoContext): SessionLookup {
  const users = collection(context, 'users');
  const blacklist = collection(context, 'blacklist');
  return {
    async load(userId, jti) {
      const _id = parseObjectId(context.driver, userId);
      const [user, revoked] = await Promise.all([
        _id === null ? null : users.findOne({ _id }),
        blacklist.findOne(
          { jti, ...laterThan('exp', context.clock.now()) },
          { projection: { _id: 1 } },
        ),
      ]);
      return { user: user === null ? null : toUserRecord(user), revoked: revoked !== null };
    },
  };
}
