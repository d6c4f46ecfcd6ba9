import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  isLoopbackHttpUrl,
  PROVIDER_NAME,
  RESERVED_PROVIDER_NAME,
} from '../../config/oauth-providers.js';
import { envLine, writeSecretsFile } from '../secrets-writer.js';
import { mergeOidcToml, mergeSecrets } from './config-merge.js';
import type { FieldError } from './wizard-steps.js';

/*
 * `regstack oauth setup --provider oidc`: a generic OpenID Connect provider. The issuer's
 * discovery document is fetched and what it offers is shown before anything is written.
 */

export interface OidcSetupInput {
  readonly name: string;
  readonly displayName: string | null;
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface Discovered {
  readonly issuer: string;
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
  readonly jwks_uri: string;
  readonly scopes_supported: readonly string[] | null;
  readonly code_challenge_methods_supported: readonly string[] | null;
}

export function validateOidcSetup(input: OidcSetupInput): FieldError[] {
  const errors: FieldError[] = [];
  if (input.name === RESERVED_PROVIDER_NAME) {
    errors.push({
      field: 'name',
      message: "The name 'google' is reserved for the built-in provider.",
    });
  } else if (!PROVIDER_NAME.test(input.name)) {
    errors.push({ field: 'name', message: 'Use lowercase letters, digits and "-".' });
  }
  const issuerOk =
    URL.canParse(input.issuer) &&
    (input.issuer.startsWith('https://') || isLoopbackHttpUrl(input.issuer));
  if (!issuerOk) {
    errors.push({
      field: 'issuer',
      message: 'Issuer must be an https:// URL (http:// only on a loopback host).',
    });
  }
  if (input.clientId.trim() === '')
    errors.push({ field: 'client_id', message: 'Client ID is required.' });
  if (input.clientSecret.trim() === '') {
    errors.push({ field: 'client_secret', message: 'Client secret is required.' });
  }
  return errors;
}

function strings(value: unknown): readonly string[] | null {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : null;
}

/** Fetches `{issuer}/.well-known/openid-configuration` and checks its issuer and endpoints. */
export async function discover(issuer: string): Promise<Discovered> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: 'manual' });
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  const body = (await response.json()) as Record<string, unknown>;
  const text = (name: string): string => {
    const value = body[name];
    if (typeof value !== 'string' || value === '') throw new Error(`${url} has no ${name}`);
    return value;
  };
  if (new URL(text('issuer')).href !== new URL(issuer).href) {
    throw new Error(`${url} names another issuer (${text('issuer')})`);
  }
  return {
    issuer: text('issuer'),
    authorization_endpoint: text('authorization_endpoint'),
    token_endpoint: text('token_endpoint'),
    jwks_uri: text('jwks_uri'),
    scopes_supported: strings(body.scopes_supported),
    code_challenge_methods_supported: strings(body.code_challenge_methods_supported),
  };
}

/** `REGSTACK_OAUTH__PROVIDERS__<NAME>__CLIENT_SECRET`. */
export function secretName(name: string): string {
  return `REGSTACK_OAUTH__PROVIDERS__${name.toUpperCase()}__CLIENT_SECRET`;
}

/** Merges (and unless `dryRun`, writes) the provider table and its secret; the summary. */
export function writeOidcSetup(
  target: string,
  input: OidcSetupInput,
  dryRun: boolean,
): Record<string, unknown> {
  const configPath = join(target, 'regstack.toml');
  const secretsPath = join(target, 'regstack.secrets.env');
  const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : null);
  const config = mergeOidcToml(read(configPath), { ...input, issuer: input.issuer });
  const name = secretName(input.name);
  const secrets = mergeSecrets(read(secretsPath), envLine(name, input.clientSecret), name);
  if (!dryRun) {
    writeFileSync(configPath, config.text);
    writeSecretsFile(secretsPath, secrets.text);
  }
  const table = `[oauth.providers.${input.name}]`;
  return {
    config_path: configPath,
    config_diff: `${config.replaced ? 'replaced' : 'added'} ${table} table`,
    secrets_path: secretsPath,
    secrets_diff: `${secrets.replaced ? 'replaced' : 'added'} ${name}`,
    replaced_existing: config.replaced || secrets.replaced,
  };
}
