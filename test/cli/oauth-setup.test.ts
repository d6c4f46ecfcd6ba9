import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyWrite, planWrite } from '../../src/cli/commands/oauth-setup.js';
import { main } from '../../src/cli/main.js';
import { mergeSecrets, mergeToml } from '../../src/cli/oauth-setup/config-merge.js';
import { validateAll, validateStep } from '../../src/cli/oauth-setup/wizard-steps.js';
import { loadConfig } from '../../src/config/load.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'regstack-oauth-setup-'));
  made.push(dir);
  return dir;
}

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(['node', 'regstack', ...args], {
    out: (t) => (out += t),
    err: (t) => (err += t),
  });
  return { code, out, err };
}

const CLIENT_ID = '12345-abc.apps.googleusercontent.com';
const VALUES = {
  clientId: CLIENT_ID,
  clientSecret: 'GOCSPX-secret-value',
  customRedirectUri: null,
  autoLinkVerifiedEmails: true,
  enforceMfaOnOauthSignin: false,
};

describe('regstack oauth setup --print-only (Decision 36)', () => {
  it('prints the changes it would make and writes nothing', async () => {
    const dir = tempDir();
    const res = await run([
      'oauth',
      'setup',
      '--print-only',
      '--target',
      dir,
      '--client-id',
      CLIENT_ID,
      '--client-secret',
      'GOCSPX-secret-value',
    ]);
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.out)).toEqual({
      config_path: join(dir, 'regstack.toml'),
      config_diff: 'added [oauth] table',
      secrets_path: join(dir, 'regstack.secrets.env'),
      secrets_diff: 'added REGSTACK_OAUTH__GOOGLE_CLIENT_SECRET',
      replaced_existing: false,
    });
    expect(existsSync(join(dir, 'regstack.toml'))).toBe(false);
    expect(existsSync(join(dir, 'regstack.secrets.env'))).toBe(false);
  });

  it('reports every validation failure and exits 2', async () => {
    const res = await run([
      'oauth',
      'setup',
      '--print-only',
      '--target',
      tempDir(),
      '--client-id',
      'not-google',
      '--client-secret',
      'short',
    ]);
    expect(res.code).toBe(2);
    expect(res.err).toBe(
      'Validation failed:\n  - client_id: Client ID must end with .apps.googleusercontent.com.\n  - client_secret: Client secret length must be 8 to 128 characters.\n',
    );
  });
});

describe('the wizard steps (spec §12.5.2)', () => {
  it('checks the base URL, credentials and flags, and points back at the first failure', () => {
    expect(validateStep(2, { base_url: '' }).errors).toEqual([
      { field: 'base_url', message: 'Base URL is required.' },
    ]);
    expect(validateStep(2, { base_url: 'ftp://x' }).errors[0]?.message).toBe(
      'URL must start with http:// or https://.',
    );
    expect(validateStep(1, { existing_oauth: true }).errors[0]?.field).toBe('replace_existing');
    expect(validateStep(8, { auto_link_verified_emails: 'yes' }).errors).toEqual([
      { field: 'auto_link_verified_emails', message: 'Must be true or false.' },
    ]);
    expect(validateStep(12, {}).errors).toEqual([
      { field: '_form', message: 'Unknown wizard step: 12.' },
    ]);
    expect(
      validateAll({ base_url: 'http://localhost:8000', client_id: 'x', client_secret: '12345678' }),
    ).toMatchObject({ ok: false, jump_to: 7 });
    expect(
      validateStep(11, {
        base_url: 'https://app.example',
        client_id: CLIENT_ID,
        client_secret: '12345678',
      }),
    ).toEqual({ ok: true, errors: [] });
  });
});

describe('the non-clobbering merge (spec §12.5.3)', () => {
  const EXISTING = `# my settings
app_name = "Shop"   # the name
enable_oauth = false

[oauth]
google_client_id = "old.apps.googleusercontent.com"
state_ttl_seconds = 600

[oauth.providers.acme]
issuer = "https://login.acme.example"
client_id = "a"

# mail
[email]
backend = "console"
`;

  it('keeps comments and unrelated tables, replaces [oauth] whole and sets enable_oauth', () => {
    const { text, replaced } = mergeToml(EXISTING, VALUES);
    expect(replaced).toBe(true);
    expect(text).toContain('# my settings\napp_name = "Shop"   # the name\nenable_oauth = true\n');
    expect(text).not.toContain('state_ttl_seconds');
    expect(text).toContain('[oauth.providers.acme]\nissuer = "https://login.acme.example"');
    expect(text).toContain('# mail\n[email]\nbackend = "console"\n');
    expect(text).toContain(
      `[oauth]\ngoogle_client_id = "${CLIENT_ID}"\nauto_link_verified_emails = true\nenforce_mfa_on_oauth_signin = false\n`,
    );
    expect(mergeToml(text, VALUES).text).toBe(text);
  });

  it('creates the file, and writes a secrets file of mode 0600 that loads', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'regstack.secrets.env'), 'REGSTACK_JWT_SECRET=abc\n');
    const plan = planWrite(dir, VALUES);
    expect(plan.config.replaced).toBe(false);
    applyWrite(plan);
    applyWrite(planWrite(dir, { ...VALUES, clientSecret: 'GOCSPX-second-value' }));
    const secrets = readFileSync(join(dir, 'regstack.secrets.env'), 'utf8');
    expect(secrets).toBe(
      'REGSTACK_JWT_SECRET=abc\nREGSTACK_OAUTH__GOOGLE_CLIENT_SECRET=GOCSPX-second-value\n',
    );
    expect(statSync(join(dir, 'regstack.secrets.env')).mode & 0o777).toBe(0o600);
    const config = loadConfig({ cwd: dir, env: {} });
    expect(config.enable_oauth).toBe(true);
    expect(config.oauth.google_client_id).toBe(CLIENT_ID);
    expect(config.oauth.google_client_secret?.reveal()).toBe('GOCSPX-second-value');
    expect(mergeSecrets(null, 'X=1').text).toBe('X=1\n');
  });
});

describe('the wizard server (spec §12.5.1)', () => {
  it('is gated by the launch token, validates steps and writes the merge', async () => {
    const { startWizardServer } = await import('../../src/cli/oauth-setup/wizard-server.js');
    const { valuesFrom, writeSummary } = await import('../../src/cli/commands/oauth-setup.js');
    const dir = tempDir();
    writeFileSync(join(dir, 'regstack.toml'), 'base_url = "https://shop.example"\n');
    const wizard = await startWizardServer({
      target: dir,
      apiPrefix: '/api/auth',
      port: 0,
      write: (state) => {
        const plan = planWrite(dir, valuesFrom(state));
        applyWrite(plan);
        return writeSummary(plan);
      },
    });
    try {
      const api = (path: string, init: RequestInit = {}, token = wizard.token) =>
        fetch(`${wizard.url}${path}`, {
          ...init,
          headers: { 'x-wizard-token': token, 'content-type': 'application/json' },
        });
      const noToken = await fetch(`${wizard.url}/`);
      expect(noToken.status).toBe(401);
      expect(await noToken.json()).toEqual({ detail: 'Missing or invalid wizard token.' });
      const html = await (await fetch(`${wizard.url}/?token=${wizard.token}`)).text();
      expect(html).toContain('id="wizard-root"');
      expect(html).toContain('data-num-steps="12"');
      expect(html).not.toMatch(/<script>/);
      expect((await fetch(`${wizard.url}/static/wizard.js`)).status).toBe(200);
      expect((await api('/api/state', {}, 'wrong')).status).toBe(401);
      expect(await (await api('/api/state')).json()).toMatchObject({
        existing_oauth: false,
        base_url: 'https://shop.example',
        redirect_uri: 'https://shop.example/api/auth/oauth/google/callback',
        num_steps: 12,
      });
      const unknown = await api('/api/step/12/validate', { method: 'POST', body: '{}' });
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toEqual({ detail: 'Unknown wizard step: 12.' });
      const step7 = await api('/api/step/7/validate', { method: 'POST', body: '[]' });
      expect(await step7.json()).toMatchObject({ ok: false });
      const bad = await api('/api/write', {
        method: 'POST',
        body: JSON.stringify({
          base_url: 'https://shop.example',
          client_id: 'x',
          client_secret: '12345678',
        }),
      });
      expect(bad.status).toBe(422);
      expect(await bad.json()).toMatchObject({ ok: false, jump_to: 7 });
      expect(readFileSync(join(dir, 'regstack.toml'), 'utf8')).not.toContain('[oauth]');
      const good = await api('/api/write', {
        method: 'POST',
        body: JSON.stringify({
          base_url: 'https://shop.example',
          client_id: CLIENT_ID,
          client_secret: 'GOCSPX-secret-value',
          custom_redirect_uri: ' ',
        }),
      });
      expect(await good.json()).toMatchObject({ ok: true, config_diff: 'added [oauth] table' });
      expect(readFileSync(join(dir, 'regstack.toml'), 'utf8')).toContain(
        `base_url = "https://shop.example"\nenable_oauth = true\n\n[oauth]\ngoogle_client_id = "${CLIENT_ID}"`,
      );
      expect(await (await api('/api/done', { method: 'POST' })).json()).toEqual({ ok: true });
      await wizard.done;
    } finally {
      await wizard.close();
    }
  });
});

describe('regstack oauth setup --provider oidc', () => {
  it('fetches the discovery document, shows it, and writes the provider table', async () => {
    const { startOidcTestProvider } = await import('../support/oidc-test-provider.js');
    const op = await startOidcTestProvider({ redirectUris: [] });
    try {
      const dir = tempDir();
      writeFileSync(join(dir, 'regstack.toml'), '# kept\napp_name = "Shop"\n');
      const args = [
        'oauth',
        'setup',
        '--provider',
        'oidc',
        '--target',
        dir,
        '--name',
        'acme',
        '--display-name',
        'Acme SSO',
        '--issuer',
        op.issuer,
        '--client-id',
        op.clientId,
        '--client-secret',
        op.clientSecret,
      ];
      const dry = await run([...args, '--print-only']);
      expect(dry.err).toBe('');
      expect(JSON.parse(dry.out)).toMatchObject({
        config_diff: 'added [oauth.providers.acme] table',
        secrets_diff: 'added REGSTACK_OAUTH__PROVIDERS__ACME__CLIENT_SECRET',
        redirect_uri: 'http://localhost:8000/api/auth/oauth/acme/callback',
        discovered: { issuer: op.issuer, token_endpoint: `${op.issuer}/token` },
      });
      expect(readFileSync(join(dir, 'regstack.toml'), 'utf8')).toBe('# kept\napp_name = "Shop"\n');
      const written = await run(args);
      expect(written.code).toBe(0);
      const config = loadConfig({ cwd: dir, env: {} });
      expect(config.enable_oauth).toBe(true);
      expect(config.oauth.providers.acme).toMatchObject({
        kind: 'oidc',
        display_name: 'Acme SSO',
        issuer: `${op.issuer}/`,
        client_id: op.clientId,
      });
      expect(config.oauth.providers.acme?.client_secret.reveal()).toBe(op.clientSecret);
      expect(JSON.parse((await run(args)).out)).toMatchObject({
        config_diff: 'replaced [oauth.providers.acme] table',
        replaced_existing: true,
      });
    } finally {
      await op.close();
    }
  });

  it('refuses bad options (exit 2) and an unreachable issuer (exit 1)', async () => {
    const bad = await run([
      'oauth',
      'setup',
      '--provider',
      'oidc',
      '--name',
      'Google',
      '--issuer',
      'http://idp.example',
      '--client-id',
      'x',
      '--client-secret',
      'y',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('  - name: Use lowercase letters, digits and "-".');
    expect(bad.err).toContain('  - issuer: Issuer must be an https:// URL');
    const down = await run([
      'oauth',
      'setup',
      '--provider',
      'oidc',
      '--target',
      tempDir(),
      '--name',
      'down',
      '--issuer',
      'http://127.0.0.1:9',
      '--client-id',
      'x',
      '--client-secret',
      'y',
    ]);
    expect(down.code).toBe(1);
    expect(down.err).toMatch(/^Error: discovery failed: /);
  });
});
