import { constantTimeEqual } from '../crypto/constant-time.js';
import {
  OAuthError,
  OAuthIdTokenError,
  OAuthTokenExchangeError,
  RegstackError,
} from '../errors/errors.js';
import { toPublicUser } from '../model/public-user.js';
import type { OAuthStateRecord } from '../model/records.js';
import type { UserRecord } from '../model/user.js';
import type { UserInfo } from '../oauth/provider.js';
import { startSignInChallenge } from './mfa-challenge.js';
import { type OAuthFlowDeps, OAuthRedirectError } from './oauth-deps.js';
import { resolveIdentity } from './oauth-identity.js';
import { isBrowserKey, stateNonce } from './oauth-state.js';
import { callbackUrl, completeUrl, loginErrorUrl } from './oauth-urls.js';
import { type ClientInfo, startSession } from './session.js';

export interface OAuthCallbackInput {
  readonly provider: string;
  readonly query: URLSearchParams;
  readonly browserKey: string | null | undefined;
  readonly ip?: string | null | undefined;
  readonly userAgent?: string | null | undefined;
}

/**
 * `GET /oauth/{p}/callback` (spec §7.4): always a redirect, to `oauth-complete` or to the
 * login page with one code of the spec's vocabulary; provider text is never echoed. A
 * state is good for one callback: once it has failed or succeeded it cannot be replayed.
 */
export async function oauthCallback(
  deps: OAuthFlowDeps,
  input: OAuthCallbackInput,
): Promise<string> {
  try {
    return await callback(deps, input);
  } catch (error) {
    if (error instanceof OAuthRedirectError) return loginErrorUrl(deps.config, error.code);
    if (error instanceof OAuthError || error instanceof RegstackError) {
      deps.logger.warn({ provider: input.provider, err: error.message }, 'OAuth callback failed');
      return loginErrorUrl(deps.config, 'oauth_failed');
    }
    throw error;
  }
}

async function callback(deps: OAuthFlowDeps, input: OAuthCallbackInput): Promise<string> {
  const { query } = input;
  if ((query.get('error') ?? '') !== '') throw new OAuthRedirectError('oauth_failed');
  const code = query.get('code') ?? '';
  const state = query.get('state') ?? '';
  if (code === '' || state === '') throw new OAuthRedirectError('missing_code_or_state');
  if (!deps.oauth.has(input.provider)) throw new OAuthRedirectError('unknown_provider');
  const id = deps.hashSecret(state);
  const row = await deps.storage.oauthStates.find(id);
  if (row === null || row.provider !== input.provider || row.resultToken !== null) {
    throw new OAuthRedirectError('bad_state');
  }
  if (!fromStartingBrowser(row, state, input.browserKey)) throw new OAuthRedirectError('bad_state');

  let completed = false;
  try {
    if (row.expiresAt < deps.clock.now()) throw new OAuthRedirectError('state_expired');
    const info = await verifiedUser(deps, row, code, query);
    const { user, wasNew } = await resolveIdentity(deps, row.provider, info, row);
    await deps.storage.oauthIdentities
      .touchLastUsed(row.provider, info.subjectId, deps.clock.now())
      .catch(() => undefined);
    const resultToken = await handOff(deps, row, user, {
      ip: input.ip ?? null,
      userAgent: input.userAgent ?? null,
    });
    await deps.storage.oauthStates.setResult(id, resultToken, wasNew);
    completed = true;
    await deps.audit.record({
      type: row.mode === 'link' ? 'oauth.linked' : 'oauth.signed_in',
      userId: user.id,
      details: { provider: row.provider, new_user: wasNew },
    });
    const publicUser = toPublicUser((await deps.storage.users.getById(user.id)) ?? user);
    await deps.hooks.fire('oauth_signin_completed', {
      user: publicUser,
      provider: row.provider,
      mode: row.mode,
      was_new: wasNew,
    });
    if (row.mode === 'link') {
      await deps.hooks.fire('oauth_account_linked', { user: publicUser, provider: row.provider });
    }
    return completeUrl(deps.config, state);
  } finally {
    // Single use: a failed callback spends its state.
    if (!completed) await deps.storage.oauthStates.consume(id);
  }
}

function fromStartingBrowser(
  row: OAuthStateRecord,
  state: string,
  browserKey: string | null | undefined,
): boolean {
  return isBrowserKey(browserKey) && constantTimeEqual(stateNonce(browserKey, state), row.nonce);
}

async function verifiedUser(
  deps: OAuthFlowDeps,
  row: OAuthStateRecord,
  code: string,
  query: URLSearchParams,
): Promise<UserInfo> {
  const provider = deps.oauth.get(row.provider);
  try {
    const tokens = await provider.exchangeCode({
      code,
      redirectUri: callbackUrl(deps.config, row.provider),
      codeVerifier: row.codeVerifier,
      nonce: row.nonce,
      callbackParams: query,
    });
    return await provider.verifyIdToken(tokens, row.nonce);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof OAuthTokenExchangeError || error instanceof OAuthIdTokenError) {
      deps.logger.warn({ provider: row.provider, err: message }, 'OAuth sign-in failed');
    }
    if (error instanceof OAuthTokenExchangeError) {
      throw new OAuthRedirectError('token_exchange_failed', { cause: error });
    }
    if (error instanceof OAuthIdTokenError) {
      throw new OAuthRedirectError('id_token_failed', { cause: error });
    }
    throw error;
  }
}

/**
 * The token `/oauth/exchange` hands over: a session (Decisions 21 and 30: also in link
 * mode, with `user_logged_in` and the lockout cleared), or with
 * `enforce_mfa_on_oauth_signin` the `login_mfa` token of the SMS step (Decision 10).
 */
async function handOff(
  deps: OAuthFlowDeps,
  row: OAuthStateRecord,
  user: UserRecord,
  client: ClientInfo,
): Promise<string> {
  if (row.mode === 'signin' && deps.config.oauth.enforce_mfa_on_oauth_signin) {
    const challenge = await startSignInChallenge(deps, user);
    if (challenge !== null) return challenge.mfaPendingToken;
  }
  return (await startSession(deps, user, `oauth:${row.provider}`, client)).accessToken;
}
