import type { OAuthMode, OAuthStateRecord } from '../../model/records.js';
import type { OAuthStatesRepo } from '../../ports/storage.js';
import { readInstant, readNullableInstant } from './instant-codec.js';
import { readNullableBool, readNullableText, readText } from './read-column.js';
import type { SqlContext } from './sql-context.js';
import type { OAuthStatesTable } from './tables.js';

type StateRow = { readonly [K in keyof OAuthStatesTable]: unknown };

function readMode(value: unknown): OAuthMode {
  if (value === 'signin' || value === 'link') return value;
  throw new TypeError(`Unknown OAuth state mode '${String(value)}'.`);
}

function toStateRecord(row: StateRow): OAuthStateRecord {
  return {
    id: readText(row.id),
    provider: readText(row.provider),
    codeVerifier: readText(row.code_verifier),
    nonce: readText(row.nonce),
    redirectTo: readText(row.redirect_to),
    mode: readMode(row.mode),
    linkingUserId: readNullableText(row.linking_user_id),
    createdAt: readInstant(row.created_at),
    expiresAt: readInstant(row.expires_at),
    resultToken: readNullableText(row.result_token),
    wasNewAccount: readNullableBool(row.was_new_account),
    completedAt: readNullableInstant(row.completed_at),
  };
}

export function createOAuthStatesRepo({ db, codec, clock }: SqlContext): OAuthStatesRepo {
  return {
    async create(state) {
      const row = await db
        .insertInto('oauth_states')
        .values({
          id: state.id,
          provider: state.provider,
          code_verifier: state.codeVerifier,
          nonce: state.nonce,
          redirect_to: state.redirectTo,
          mode: state.mode,
          linking_user_id: state.linkingUserId,
          created_at: codec.instant(clock.now()),
          expires_at: codec.instant(state.expiresAt),
          result_token: null,
          was_new_account: null,
          completed_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toStateRecord(row);
    },

    async find(id) {
      const row = await db
        .selectFrom('oauth_states')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? null : toStateRecord(row);
    },

    async setResult(id, resultToken, wasNewAccount) {
      await db
        .updateTable('oauth_states')
        .set({
          result_token: resultToken,
          was_new_account: codec.bool(wasNewAccount),
          completed_at: codec.instant(clock.now()),
        })
        .where('id', '=', id)
        .execute();
    },

    async consume(id) {
      // DELETE … RETURNING: exactly one concurrent caller receives the row (Decision 29).
      const row = await db
        .deleteFrom('oauth_states')
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? null : toStateRecord(row);
    },

    async purgeExpired() {
      const result = await db
        .deleteFrom('oauth_states')
        .where('expires_at', '<', codec.instant(clock.now()))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
