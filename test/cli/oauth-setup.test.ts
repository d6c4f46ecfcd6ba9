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
