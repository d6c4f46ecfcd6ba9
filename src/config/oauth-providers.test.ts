import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/errors.js';
import { configFromOverrides, loadConfig } from './load.js';
import { isLoopbackHttpUrl } from './oauth-providers.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function tomlFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'regstack-oauth-config-'));
  made.push(dir);
  const path = join(dir, 'regstack.toml');
  writeFileSync(path, text);
  return path;
}

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split('\n').slice(1);
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const ACME = `
[oauth.providers.acme]
kind = "oidc"
display_name = "Acme SSO"
issuer = "https://login.acme.example"
client_id = "acme-client"
client_secret = "acme-secret"
scopes = ["openid", "email"]
`;

describe('[oauth.providers.<name>] tables', () => {
  it('reads a provider table from TOML, its secret from the environment winning', () => {
    const config = loadConfig({
      tomlPath: tomlFile(ACME),
      env: { REGSTACK_OAUTH__PROVIDERS__ACME__CLIENT_SECRET: 'from-env' },
      discover: false,
    });
    const acme = config.oauth.providers.acme;
    expect(acme).toMatchObject({
      kind: 'oidc',
      display_name: 'Acme SSO',
      issuer: 'https://login.acme.example/',
      client_id: 'acme-client',
      scopes: ['openid', 'email'],
    });
    expect(acme?.client_secret.reveal()).toBe('from-env');
    expect(String(acme?.client_secret)).not.toContain('from-env');
  });

  it('defaults to no providers, and fills defaults in a minimal table', () => {
    expect(configFromOverrides().oauth.providers).toEqual({});
    const config = configFromOverrides({
      oauth: { providers: { gh: { kind: 'github', client_id: 'id', client_secret: 's' } } },
    });
    expect(config.oauth.providers.gh).toMatchObject({
      kind: 'github',
      display_name: null,
      issuer: null,
      scopes: null,
    });
  });

  it('names each bad field on its own line, with its source', () => {
    const path = tomlFile(`
[oauth.providers.acme]
issuer = "http://login.acme.example"
client_id = ""

[oauth.providers.Upper]
kind = "github"
client_id = "x"
client_secret = "y"

[oauth.providers.google]
kind = "github"
client_id = "x"
client_secret = "y"

[oauth.providers.other]
kind = "saml"
client_id = "x"
client_secret = "y"
`);
    const lines = problemsOf(() => loadConfig({ tomlPath: path, env: {}, discover: false }));
    expect(lines).toEqual(
      expect.arrayContaining([
        `  oauth.providers.acme.client_id: must not be empty (from ${path})`,
        `  oauth.providers.acme.client_secret: is required (from ${path})`,
        `  oauth.providers.acme.issuer: must be an https:// URL (http:// only on localhost, 127.0.0.1 or [::1]) (from ${path})`,
        `  oauth.providers.Upper: provider names must be lowercase letters, digits and "-" (from ${path})`,
        `  oauth.providers.google: the name 'google' is reserved: configure Google with the google_* settings (from ${path})`,
        `  oauth.providers.other.kind: must be one of oidc, github (from ${path})`,
      ]),
    );
    expect(lines).toHaveLength(6);
  });

  it('requires an issuer for an OIDC provider, and allows http only on loopback', () => {
    const lines = problemsOf(() =>
      configFromOverrides({
        oauth: { providers: { acme: { client_id: 'a', client_secret: 'b' } } },
      }),
    );
    expect(lines).toEqual([
      '  oauth.providers.acme.issuer: is required when kind is "oidc" (from override)',
    ]);
    const local = configFromOverrides({
      oauth: {
        providers: {
          local: { issuer: 'http://127.0.0.1:4000/oidc', client_id: 'a', client_secret: 'b' },
        },
      },
    });
    expect(local.oauth.providers.local?.issuer).toBe('http://127.0.0.1:4000/oidc');
  });

  it('a provider table that is not a table is one problem', () => {
    const path = tomlFile('[oauth]\nproviders = "acme"\n');
    expect(problemsOf(() => loadConfig({ tomlPath: path, env: {}, discover: false }))).toEqual([
      `  oauth.providers: must be a table of provider tables (from ${path})`,
    ]);
  });

  it('isLoopbackHttpUrl', () => {
    expect(isLoopbackHttpUrl('http://localhost:3000/')).toBe(true);
    expect(isLoopbackHttpUrl('http://[::1]:3000/')).toBe(true);
    expect(isLoopbackHttpUrl('http://127.0.0.1/')).toBe(true);
    expect(isLoopbackHttpUrl('https://127.0.0.1/')).toBe(false);
    expect(isLoopbackHttpUrl('http://127.0.0.2.example/')).toBe(false);
  });
});
