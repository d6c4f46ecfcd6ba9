import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/errors.js';
import { configFromOverrides, loadConfig } from './load.js';
import { subscribes } from './webhook-endpoints.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function tomlFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'regstack-webhook-config-'));
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

const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const ENV_SECRET = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;

const CRM = `
[webhooks]
max_attempts = 5

[webhooks.endpoints.crm]
url = "https://hooks.crm.example/regstack"
events = ["user.registered", "account.deleted"]
secret = "${SECRET}"
`;

describe('[webhooks.endpoints.<name>] tables', () => {
  it('reads an endpoint from TOML, its secret from the environment winning and masked', () => {
    const config = loadConfig({
      tomlPath: tomlFile(CRM),
      env: { REGSTACK_WEBHOOKS__ENDPOINTS__CRM__SECRET: ENV_SECRET },
      discover: false,
    });
    expect(config.webhooks.max_attempts).toBe(5);
    expect(config.webhooks.timeout_seconds).toBe(10);
    const crm = config.webhooks.endpoints.crm;
    expect(crm).toMatchObject({
      url: 'https://hooks.crm.example/regstack',
      events: ['user.registered', 'account.deleted'],
      enabled: true,
    });
    expect(crm?.secret.reveal()).toBe(ENV_SECRET);
    const printed = `${JSON.stringify(config)} ${inspect(config, { depth: 10 })} ${String(crm?.secret)}`;
    expect(printed).not.toContain(ENV_SECRET.slice(6, 20));
    expect(printed).not.toContain(SECRET.slice(6, 20));
  });

  it('defaults to no endpoints, 12 attempts and 10 seconds', () => {
    expect(configFromOverrides().webhooks).toEqual({
      max_attempts: 12,
      timeout_seconds: 10,
      endpoints: {},
    });
  });

  it('takes endpoints as overrides, http only on a loopback host', () => {
    const config = configFromOverrides({
      webhooks: {
        endpoints: { local: { url: 'http://127.0.0.1:9999/hook', secret: SECRET, events: ['*'] } },
      },
    });
    const local = config.webhooks.endpoints.local;
    expect(local?.url).toBe('http://127.0.0.1:9999/hook');
    if (local === undefined) throw new Error('no endpoint');
    expect(subscribes(local, 'login.succeeded')).toBe(true);
  });

  it('reports every bad table and field at once, without the secret value', () => {
    const path = tomlFile(`
[webhooks.endpoints.plain]
url = "http://hooks.example.com/x"
secret = "not-a-whsec-secret"
events = []

[webhooks.endpoints.Upper]
url = "https://a.example"
secret = "${SECRET}"
events = ["*"]

[webhooks.endpoints.short]
url = "https://a.example"
secret = "whsec_c2hvcnQ="
events = ["User Registered"]

[webhooks.endpoints.missing]
url = "https://a.example"
`);
    const problems = problemsOf(() => loadConfig({ tomlPath: path, env: {}, discover: false }));
    expect(problems).toEqual(
      expect.arrayContaining([
        `  webhooks.endpoints.plain.url: must be an https:// URL (http:// only on localhost, 127.0.0.1 or [::1]) (from ${path})`,
        `  webhooks.endpoints.plain.secret: must be a Standard Webhooks secret: whsec_ and the base64 of 24 to 64 bytes (from ${path})`,
        `  webhooks.endpoints.plain.events: must name at least one event type, or "*" (from ${path})`,
        `  webhooks.endpoints.Upper: endpoint names must be 1 to 64 lowercase letters, digits and "-" (from ${path})`,
        `  webhooks.endpoints.short.secret: must be a Standard Webhooks secret: whsec_ and the base64 of 24 to 64 bytes (from ${path})`,
        `  webhooks.endpoints.short.events: must hold event type names such as "user.registered", or "*" (from ${path})`,
        `  webhooks.endpoints.missing.secret: is required (from ${path})`,
      ]),
    );
    expect(problems.join('\n')).not.toContain('not-a-whsec-secret');
    expect(problems.join('\n')).not.toContain('c2hvcnQ');
  });

  it('refuses attempts and timeouts out of range', () => {
    expect(
      problemsOf(() => configFromOverrides({ webhooks: { max_attempts: 0, timeout_seconds: 61 } })),
    ).toEqual([
      '  webhooks.max_attempts: must be >= 1 (from override)',
      '  webhooks.timeout_seconds: must be <= 60 (from override)',
    ]);
  });

  it('a disabled endpoint subscribes to nothing', () => {
    const config = configFromOverrides({
      webhooks: {
        endpoints: {
          off: { url: 'https://a.example', secret: SECRET, events: ['*'], enabled: false },
        },
      },
    });
    const off = config.webhooks.endpoints.off;
    if (off === undefined) throw new Error('no endpoint');
    expect(subscribes(off, 'user.registered')).toBe(false);
  });
});
