import type { Document } from 'mongodb';
import type { OAuthMode, OAuthStateRecord } from '../../model/records.js';
import type { OAuthStatesRepo } from '../../ports/storage.js';
import { findAndRemove } from './find-and-remove.js';
import { earlierThan, instantFields, readInstant, readNullableInstant } from './instant-fields.js';
import { collection, type MongoContext } from './mongo-context.js';
import { readNullableBool, readNullableText, readText } from './read-field.js';

/* OAuth states keep the state string itself as `_id` (spec §10.4). */

interface StateDocument extends Document {
  _id: string;
}

function readMode(doc: Document): OAuthMode {
  const mode: unknown = doc.mode;
  if (mode === 'signin' || mode === 'link') return mode;
  throw new TypeError(`Unknown OAuth state mode '${String(mode)}'.`);
}

function toStateRecord(doc: Document): OAuthStateRecord {
  return {
    id: readText(doc, '_id'),
    provider: readText(doc, 'provider'),
    codeVerifier: readText(doc, 'code_verifier'),
    nonce: readText(doc, 'nonce'),
    redirectTo: readText(doc, 'redirect_to'),
    mode: readMode(doc),
    linkingUserId: readNullableText(doc, 'linking_user_id'),
    createdAt: readInstant(doc, 'created_at'),
    expiresAt: readInstant(doc, 'expires_at'),
    resultToken: readNullableText(doc, 'result_token'),
    wasNewAccount: readNullableBool(doc, 'was_new_account'),
    completedAt: readNullableInstant(doc, 'completed_at'),
  };
}

export function createOAuthStatesRepo(context: MongoContext): OAuthStatesRepo {
  const { driver, clock } = context;
  const states = collection<StateDocument>(context, 'oauthStates');

  return {
    async create(state) {
      const doc: StateDocument = {
        _id: state.id,
        provider: state.provider,
        code_verifier: state.codeVerifier,
        nonce: state.nonce,
        redirect_to: state.redirectTo,
        mode: state.mode,
        ...instantFields(driver, 'created_at', clock.now()),
        ...instantFields(driver, 'expires_at', state.expiresAt),
      };
      if (state.linkingUserId !== null) doc.linking_user_id = state.linkingUserId;
      await states.insertOne(doc);
      return toStateRecord(doc);
    },

    async find(id) {
      const doc = await states.findOne({ _id: id });
      return doc === null ? null : toStateRecord(doc);
    },

    async setResult(id, resultToken, wasNewAccount) {
      await states.updateOne(
        { _id: id },
        {
          $set: {
            result_token: resultToken,
            was_new_account: wasNewAccount,
            ...instantFields(driver, 'completed_at', clock.now()),
          },
        },
      );
    },

    async consume(id) {
      // One atomic read-and-delete: exactly one concurrent caller receives the state (Decision 29).
      const doc = await findAndRemove(context, 'oauthStates', { _id: id });
      return doc === null ? null : toStateRecord(doc);
    },

    async purgeExpired() {
      return (await states.deleteMany(earlierThan('expires_at', clock.now()))).deletedCount;
    },
  };
}
