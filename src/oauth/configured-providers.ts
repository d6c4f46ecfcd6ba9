import type { RegstackConfig } from '../config/schema.js';
import type { OAuthProvider } from './provider.js';

/**
 * The providers the configuration asks for (none unless `enable_oauth`): Google when both
 * `google_client_id` and `google_client_secret` are set (spec §2.4), and one per
 * `[oauth.providers.<name>]` table. Each provider's module (and openid-client with it) is
 * loaded only when one is configured: most servers have none, and every start pays for
 * what it imports.
 */
export async function configuredProviders(config: RegstackConfig): Promise<OAuthProvider[]> {
  if (!config.enable_oauth) return [];
  const providers: OAuthProvider[] = [];
  const { google_client_id: googleId, google_client_secret: googleSecret } = config.oauth;
  if (googleId !== null && googleId !== '' && googleSecret !== null && !googleSecret.isEmpty()) {
    const { createGoogleProvider } = await import('./google-provider.js');
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
      const { createGithubProvider, DEFAULT_GITHUB_SCOPES } = await import('./github-provider.js');
      providers.push(
        createGithubProvider({ ...common, scopes: settings.scopes ?? DEFAULT_GITHUB_SCOPES }),
      );
    } else if (settings.issuer !== null) {
      const { createOidcProvider, DEFAULT_OIDC_SCOPES } = await import('./oidc-provider.js');
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
