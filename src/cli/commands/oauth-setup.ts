import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXIT } from '../exit-error.js';
import type { CliIo } from '../main.js';
import {
  type MergeResult,
  mergeSecrets,
  mergeToml,
  type OAuthSetupValues,
  SECRET_NAME,
} from '../oauth-setup/config-merge.js';
import { discover, validateOidcSetup, writeOidcSetup } from '../oauth-setup/oidc-setup.js';
import { startWizardServer } from '../oauth-setup/wizard-server.js';
import { validateAll, type WizardState } from '../oauth-setup/wizard-steps.js';
import { envLine, writeSecretsFile } from '../secrets-writer.js';

export interface OAuthSetupOptions {
  readonly target?: string | undefined;
  readonly apiPrefix?: string | undefined;
  readonly port?: string | undefined;
  readonly printOnly?: boolean | undefined;
  readonly clientId?: string | undefined;
  readonly clientSecret?: string | undefined;
  readonly baseUrl?: string | undefined;
  readonly autoLink?: boolean | undefined;
  readonly mfa?: boolean | undefined;
  /** `google` (the default) or `oidc`. */
  readonly provider?: string | undefined;
  readonly name?: string | undefined;
  readonly displayName?: string | undefined;
  readonly issuer?: string | undefined;
}

export const CONFIG_FILE = 'regstack.toml';
export const SECRETS_FILE = 'regstack.secrets.env';

function readIfPresent(path: string): string | null {
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

export interface PlannedWrite {
  readonly configPath: string;
  readonly secretsPath: string;
  readonly config: MergeResult;
  readonly secrets: MergeResult;
}

/** What the merge of spec §12.5.3 would write into `target`. */
export function planWrite(target: string, values: OAuthSetupValues): PlannedWrite {
  const configPath = join(target, CONFIG_FILE);
  const secretsPath = join(target, SECRETS_FILE);
  return {
    configPath,
    secretsPath,
    config: mergeToml(readIfPresent(configPath), values),
    secrets: mergeSecrets(readIfPresent(secretsPath), envLine(SECRET_NAME, values.clientSecret)),
  };
}

export function applyWrite(plan: PlannedWrite): void {
  writeFileSync(plan.configPath, plan.config.text);
  writeSecretsFile(plan.secretsPath, plan.secrets.text);
}

/** The JSON summary of a write (spec §12.5). */
export function writeSummary(plan: PlannedWrite): Record<string, unknown> {
  return {
    config_path: plan.configPath,
    config_diff: plan.config.replaced ? 'replaced [oauth] table' : 'added [oauth] table',
    secrets_path: plan.secretsPath,
    secrets_diff: `${plan.secrets.replaced ? 'replaced' : 'added'} ${SECRET_NAME}`,
    replaced_existing: plan.config.replaced || plan.secrets.replaced,
  };
}

export function valuesFrom(state: WizardState): OAuthSetupValues {
  const text = (name: string): string =>
    typeof state[name] === 'string' ? (state[name] as string).trim() : '';
  const custom = text('custom_redirect_uri');
  return {
    clientId: text('client_id'),
    clientSecret: text('client_secret'),
    customRedirectUri: custom === '' ? null : custom,
    autoLinkVerifiedEmails: state.auto_link_verified_emails === true,
    enforceMfaOnOauthSignin: state.enforce_mfa_on_oauth_signin === true,
  };
}

/**
 * `regstack oauth setup` (spec §12.5 with Decision 36). `--print-only` validates its
 * options and prints the changes it would make, writing nothing.
 */
export async function oauthSetup(options: OAuthSetupOptions, io: CliIo): Promise<number> {
  const target = resolve(options.target ?? process.cwd());
  if (options.provider === 'oidc') return setUpOidc(target, options, io);
  if (options.provider !== undefined && options.provider !== 'google') {
    io.err(`Error: --provider must be google or oidc, got '${options.provider}'.\n`);
    return EXIT.usage;
  }
  if (options.printOnly !== true) return runWizard(target, options, io);
  const state: WizardState = {
    existing_oauth: false,
    replace_existing: true,
    base_url: options.baseUrl ?? 'http://localhost:8000',
    client_id: options.clientId ?? '',
    client_secret: options.clientSecret ?? '',
    auto_link_verified_emails: options.autoLink ?? false,
    enforce_mfa_on_oauth_signin: options.mfa ?? false,
  };
  const checked = validateAll(state);
  if (!checked.ok) {
    const lines = checked.errors.map((error) => `  - ${error.field}: ${error.message}`);
    io.err(`Validation failed:\n${lines.join('\n')}\n`);
    return EXIT.usage;
  }
  io.out(`${JSON.stringify(writeSummary(planWrite(target, valuesFrom(state))), null, 2)}\n`);
  return EXIT.ok;
}

/** Opens `url` with the platform's opener; never fails when there is none. */
export function openInBrowser(url: string): void {
  const command =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(command, [url], { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No opener: the printed URL is enough.
  }
}

/** The wizard: a local page on 127.0.0.1 behind a launch token, until the page says done. */
async function runWizard(target: string, options: OAuthSetupOptions, io: CliIo): Promise<number> {
  const port = options.port === undefined ? 0 : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    io.err(`Error: --port must be a port number, got '${options.port}'.\n`);
    return EXIT.usage;
  }
  const wizard = await startWizardServer({
    target,
    apiPrefix: options.apiPrefix ?? '/api/auth',
    port,
    write: (state) => {
      const plan = planWrite(target, valuesFrom(state));
      applyWrite(plan);
      return writeSummary(plan);
    },
  });
  const url = `${wizard.url}/?token=${wizard.token}`;
  io.out(`Wizard URL: ${url}\nOpening wizard window… close it to exit.\n`);
  openInBrowser(url);
  await wizard.done;
  await wizard.close();
  return EXIT.ok;
}

/**
 * `--provider oidc`: checks the options, fetches the issuer's discovery document, prints
 * what it found and the changes, and writes them unless `--print-only`.
 */
async function setUpOidc(target: string, options: OAuthSetupOptions, io: CliIo): Promise<number> {
  const input = {
    name: options.name ?? '',
    displayName: options.displayName ?? null,
    issuer: options.issuer ?? '',
    clientId: options.clientId ?? '',
    clientSecret: options.clientSecret ?? '',
  };
  const errors = validateOidcSetup(input);
  if (errors.length > 0) {
    const lines = errors.map((error) => `  - ${error.field}: ${error.message}`);
    io.err(`Validation failed:\n${lines.join('\n')}\n`);
    return EXIT.usage;
  }
  let discovered: Awaited<ReturnType<typeof discover>>;
  try {
    discovered = await discover(input.issuer);
  } catch (error) {
    io.err(`Error: discovery failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failure;
  }
  const summary = writeOidcSetup(target, input, options.printOnly === true);
  const redirectUri = `${(options.baseUrl ?? 'http://localhost:8000').replace(/\/+$/, '')}${(options.apiPrefix ?? '/api/auth').replace(/\/+$/, '')}/oauth/${input.name}/callback`;
  io.out(`${JSON.stringify({ ...summary, redirect_uri: redirectUri, discovered }, null, 2)}\n`);
  return EXIT.ok;
}
