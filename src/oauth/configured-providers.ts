import type { RegstackConfig } from '../config/schema.js';
import { ConfigError } from '../errors/errors.js';
import { createOidcProvider, DEFAULT_OIDC_SCOPES } from './oidc-provider.js';
import type { OAuthProvider } from './provider.js';

/**
 * The providers the configuration asks for (none unless `enable_oauth`): one per
 * `[oauth.providers.<name>]` table.
 */
export function configuredProviders(config: RegstackConfig): OAuthProvider[] {
  if (!config.enable_oauth) return [];
  const providers: OAuthProvider[] = [];
  for (const [name, settings] of Object.entries(config.oauth.providers)) {
    const displayName = settings.display_name ?? name;
    if (settings.kind !== 'oidc' || settings.issuer === null) {
      throw new ConfigError(`oauth.providers.${name}: kind "${settings.kind}" is not supported.`);
    }
    providers.push(
      createOidcProvider({
        name,
        displayName,
        issuer: settings.issuer,
        clientId: settings.client_id,
        clientSecret: settings.client_secret.reveal(),
        scopes: settings.scopes ?? DEFAULT_OIDC_SCOPES,
      }),
    );
  }
  return providers;
}
