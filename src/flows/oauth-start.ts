import { codeChallengeS256 } from '../crypto/pkce.js';
import { OAuthError, RegstackError } from '../errors/errors.js';
import type { OAuthMode } from '../model/records.js';
import { MICROS_PER_SECOND } from '../ports/clock.js';
import type { OAuthFlowDeps } from './oauth-deps.js';
import { isBrowserKey, stateNonce } from './oauth-state.js';
import { callbackUrl, checkRedirectTo } from './oauth-urls.js';

export interface OAuthStartInput {
  readonly provider: string;
  readonly redirectTo: string | undefined;
  readonly mode: OAuthMode;
  /** The signed-in user in link mode; null for a sign-in. */
  readonly linkingUserId: string | null;
  /** The key from the browser's cookie, if it has one. */
  readonly browserKey: string | null | undefined;
}

export interface OAuthStartResult {
  readonly authorizationUrl: string;
  /** The key the browser must hold (unchanged when it already had a valid one). */
  readonly browserKey: string;
}

/** The 404 of an unknown provider (spec §6.22, Python-repr quoting). */
export function providerNotConfigured(provider: string): RegstackError {
  return new RegstackError('oauth_provider_not_configured', {
    detail: `OAuth provider '${provider}' is not configured.`,
  });
}

/**
 * `GET /oauth/{p}/start` and `POST /oauth/{p}/link/start` (spec §7.3). The state sent to
 * the provider is stored only as its hash; PKCE verifier and nonce stay server-side.
 */
export async function startOAuth(
  deps: OAuthFlowDeps,
  input: OAuthStartInput,
): Promise<OAuthStartResult> {
  const { config, random, storage } = deps;
  if (!deps.oauth.has(input.provider)) throw providerNotConfigured(input.provider);
  const provider = deps.oauth.get(input.provider);
  const redirectTo = checkRedirectTo(config, input.redirectTo);
  const browserKey = isBrowserKey(input.browserKey) ? input.browserKey : random.token(32);
  const state = random.token(32);
  const codeVerifier = random.token(64);
  const nonce = stateNonce(browserKey, state);

  let authorizationUrl: string;
  try {
    authorizationUrl = await provider.authorizationUrl({
      redirectUri: callbackUrl(config, provider.name),
      state,
      codeChallenge: codeChallengeS256(codeVerifier),
      nonce,
    });
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    deps.logger.warn({ provider: provider.name, err: error.message }, 'OAuth provider unavailable');
    throw new RegstackError('oauth_provider_unavailable', { cause: error });
  }
  await storage.oauthStates.create({
    id: deps.hashSecret(state),
    provider: provider.name,
    codeVerifier,
    nonce,
    redirectTo,
    mode: input.mode,
    linkingUserId: input.linkingUserId,
    expiresAt: deps.clock.now() + config.oauth.state_ttl_seconds * MICROS_PER_SECOND,
  });
  await deps.hooks.fire('oauth_signin_started', { provider: provider.name, mode: input.mode });
  return { authorizationUrl, browserKey };
}
