import type { WebauthnChallengeRecord, WebauthnPurpose } from '../../model/records.js';
import type { WebauthnChallengesRepo } from '../../ports/storage.js';
import { readInstant } from './instant-codec.js';
import { readNullableText, readText } from './read-column.js';
import { newId, type SqlContext } from './sql-context.js';
import type { WebauthnChallengesTable } from './tables.js';

type ChallengeRow = { readonly [K in keyof WebauthnChallengesTable]: unknown };

function readPurpose(value: unknown): WebauthnPurpose {
  if (value === 'registration' || value === 'authentication' || value === 'mfa') return value;
  throw new TypeError(`Unknown WebAuthn challenge purpose '${String(value)}'.`);
}

function toChallengeRecord(row: ChallengeRow): WebauthnChallengeRecord {
  return {
    id: readText(row.id),
    challengeHash: readText(row.challenge_hash),
    purpose: readPurpose(row.purpose),
    userId: readNullableText(row.user_id),
    createdAt: readInstant(row.created_at),
    expiresAt: readInstant(row.expires_at),
  };
}

export function createWebauthnChallengesRepo({
  db,
  codec,
  clock,
}: SqlContext): WebauthnChallengesRepo {
  return {
    async create(challenge) {
      const row = await db
        .insertInto('webauthn_challenges')
        .values({
          id: newId(),
          challenge_hash: challenge.challengeHash,
          purpose: challenge.purpose,
          user_id: challenge.userId,
          created_at: codec.instant(clock.now()),
          expires_at: codec.instant(challenge.expiresAt),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toChallengeRecord(row);
    },

    async consume(id) {
      // DELETE … RETURNING: a challenge answers one ceremony, even under concurrent finishes.
      const row = await db
        .deleteFrom('webauthn_challenges')
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? null : toChallengeRecord(row);
    },

    async purgeExpired() {
      const result = await db
        .deleteFrom('webauthn_challenges')
        .where('expires_at', '<', codec.instant(clock.now()))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
