import { RegstackError } from '../errors/errors.js';
import { MICROS_PER_SECOND } from '../ports/clock.js';
import type { FlowDeps } from './deps.js';
import { type SecondFactorMethod, secondFactorMethods } from './second-factors.js';

export type OAuthExchangeOutcome =
  | {
      readonly kind: 'token';
      readonly accessToken: string;
      readonly expiresIn: number;
      readonly redirectTo: string;
      readonly wasNewAccount: boolean;
    }
  | {
      readonly kind: 'mfa_required';
      readonly mfaPendingToken: string;
      readonly expiresIn: number;
      readonly redirectTo: string;
      /** `sms` when the sign-in texted a code, else `totp`. */
      readonly delivery: 'sms' | 'totp';
      readonly methods: readonly SecondFactorMethod[];
    };

/**
 * `POST /oauth/exchange` (spec §7.6 with Decisions 10 and 29): the row is checked first
 * (a result is there, neither TTL has run out) and consumed only then, atomically, so an
 * early exchange leaves the flow intact and only one of two exchanges wins.
 */
export async function exchangeOAuth(deps: FlowDeps, state: string): Promise<OAuthExchangeOutcome> {
  const { config, storage } = deps;
  const id = deps.hashSecret(state);
  const row = await storage.oauthStates.find(id);
  if (row === null || row.resultToken === null) throw new RegstackError('oauth_state_not_found');
  const now = deps.clock.now();
  const completionDeadline =
    (row.completedAt ?? now) + config.oauth.completion_ttl_seconds * MICROS_PER_SECOND;
  if (row.expiresAt < now || completionDeadline < now) {
    throw new RegstackError('oauth_state_expired');
  }
  const consumed = await storage.oauthStates.consume(id);
  if (consumed === null || consumed.resultToken === null) {
    throw new RegstackError('oauth_state_not_found');
  }
  const token = consumed.resultToken;
  const pending = deps.tokens.decode(token, 'login_mfa');
  if (pending.ok) {
    const user = await storage.users.getById(pending.claims.sub);
    const methods = user === null ? [] : await secondFactorMethods(deps, user);
    return {
      kind: 'mfa_required',
      mfaPendingToken: token,
      expiresIn: config.mfa_pending_token_ttl_seconds,
      redirectTo: consumed.redirectTo,
      delivery: methods.includes('totp') && !methods.includes('sms') ? 'totp' : 'sms',
      methods,
    };
  }
  return {
    kind: 'token',
    accessToken: token,
    expiresIn: config.jwt_ttl_seconds,
    redirectTo: consumed.redirectTo,
    wasNewAccount: consumed.wasNewAccount === true,
  };
}
