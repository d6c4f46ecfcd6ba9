import type { RegstackConfig } from '../config/schema.js';
import { createGithubProvider, DEFAULT_GITHUB_SCOPES } from './github-provider.js';
import { createGoogleProvider } from './google-provider.js';
import { createOidcProvider, DEFAULT_OIDC_SCOPES } from './oidc-provider.js';
import type { OAuthProvider } from './provider.js';

/**
 * The providers the configuration asks for (none unless `enable_oauth`): Google when both
 * `google_client_id` and `google_client_secret` are set (spec §2.4), and one per
 * `[oauth.providers.<name>]` table.
 */
export function configuredProviders(config: RegstackConfig): OAuthProvider[] {
  if (!config.enable_oauth) return [];
  const providers: OAuthProvider[] = [];
  const { google_client_id: googleId, google_client_secret: googleSecret } = config.oauth;
  if (googleId !== null && googleId !== '' && googleSecret !== null && !googleSecret.isEmpty()) {
    providers.push(
      createGoogleProvider({ clientId: googleId, clientSecret: googleSecret.reveal() }),
    );
  }
  for (const [name, settings] of Object.entries(config.oauth.providers)) {
    const common = {
      name,
      displayName: settings.display_name ?? name,
      clientId: settings.client_id,
      clientSecret: settings.client_secret.reveal(),
    };
    if (settings.kind === 'github') {
      providers.push(
        createGithubProvider({ ...common, scopes: settings.scopes ?? DEFAULT_GITHUB_SCOPES }),
      );
    } else if (settings.issuer !== null) {
      providers.push(
        createOidcProvider({
          ...common,
          issuer: settings.issuer,
          scopes: settings.scopes ?? DEFAULT_OIDC_SCOPES,
        }),
      );
    }
  }
  return providers;
}
