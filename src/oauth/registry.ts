import { OAuthConfigError } from '../errors/errors.js';
import type { OAuthProvider } from './provider.js';

/** The configured sign-in providers by name (spec §7.1). */
export interface OAuthRegistry {
  /** Adds a provider, replacing one of the same name. */
  register(provider: OAuthProvider): void;
  /** The provider, or `OAuthConfigError` when none has that name. */
  get(name: string): OAuthProvider;
  has(name: string): boolean;
  /** Names in sorted order. */
  names(): string[];
  /** Providers in name order. */
  list(): OAuthProvider[];
}

export function createOAuthRegistry(initial: readonly OAuthProvider[] = []): OAuthRegistry {
  const providers = new Map<string, OAuthProvider>();
  const registry: OAuthRegistry = {
    register(provider) {
      providers.set(provider.name, provider);
    },
    get(name) {
      const provider = providers.get(name);
      if (provider === undefined) {
        throw new OAuthConfigError(
          `OAuth provider '${name}' is not configured. Did you set the matching client_id / client_secret in OAuthConfig?`,
        );
      }
      return provider;
    },
    has: (name) => providers.has(name),
    names: () => [...providers.keys()].sort(),
    list: () => registry.names().map((name) => registry.get(name)),
  };
  for (const provider of initial) registry.register(provider);
  return registry;
}
