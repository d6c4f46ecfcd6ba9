import type { LoadedConfig } from '../../config/load.js';
import { ConfigError } from '../../errors/errors.js';
import { mongoSettings } from '../../storage/mongo/mongo-settings.js';
import { parseEmailAddress } from '../../validation/email-address.js';
import { type CheckResult, errorLine, fail, formatCheck, pass } from '../doctor/check-result.js';
import { checkEmailBackend, checkSmsBackend, sendProbe } from '../doctor/delivery-checks.js';
import { checkDns, DNS_TIMEOUT_MS } from '../doctor/dns-checks.js';
import { checkJwtSecret } from '../doctor/jwt-secret-check.js';
import { securityWarnings } from '../doctor/security-warnings.js';
import { checkStorage } from '../doctor/storage-checks.js';
import { checkWebhookEndpoints } from '../doctor/webhook-checks.js';
import { EXIT, ExitError } from '../exit-error.js';
import { loadCliConfig } from '../load-cli-config.js';
import type { CliIo } from '../main.js';

export interface DoctorOptions {
  readonly config?: string | undefined;
  readonly checkDns?: boolean | undefined;
  readonly sendTestEmail?: string | undefined;
  /** Milliseconds per DNS query. @default 5000 */
  readonly dnsTimeout?: string | undefined;
}

function describeSources(loaded: LoadedConfig): string {
  const files = [loaded.tomlPath, loaded.secretsPath].filter((p) => p !== undefined);
  const envCount = new Set(
    Object.values(loaded.sources).filter((source) => source.startsWith('env ')),
  ).size;
  const parts = [files.length > 0 ? `read ${files.join(', ')}` : 'no config files found'];
  if (envCount > 0) parts.push(`${envCount} REGSTACK_* environment variable(s)`);
  return `valid (${parts.join('; ')})`;
}

function parseTimeout(text: string | undefined): number {
  if (text === undefined) return DNS_TIMEOUT_MS;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 60_000) {
    throw new ExitError(
      EXIT.usage,
      `regstack: --dns-timeout ${text}: not a number of milliseconds (1-60000)`,
    );
  }
  return value;
}

/**
 * `regstack doctor` (spec §12.3 with Decisions 20, 24, 37): read-only checks, one line each
 * as they finish. The exit code is the number of failed checks; warnings do not count.
 */
export async function doctor(options: DoctorOptions, io: CliIo): Promise<number> {
  let probeTo: string | undefined;
  if (options.sendTestEmail !== undefined) {
    const parsed = parseEmailAddress(options.sendTestEmail);
    if (!parsed.ok)
      throw new ExitError(EXIT.usage, `regstack: --send-test-email: ${parsed.reason}`);
    probeTo = parsed.email;
  }
  const dnsTimeout = parseTimeout(options.dnsTimeout);

  let failed = 0;
  let warnings = 0;
  const report = (...results: CheckResult[]): void => {
    for (const result of results) {
      if (result.status === 'fail') failed += 1;
      if (result.status === 'warn') warnings += 1;
      io.out(`${formatCheck(result)}\n`);
    }
  };

  let loaded: LoadedConfig | undefined;
  try {
    loaded = loadCliConfig(options.config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    report(fail('config', errorLine(error)));
  }
  if (loaded !== undefined) {
    const { config } = loaded;
    report(pass('config', describeSources(loaded)));
    report(checkJwtSecret(config.jwt_secret));
    report(...(await checkStorage(config.database_url.reveal(), mongoSettings(config))));
    report(await checkEmailBackend(config));
    report(await checkSmsBackend(config));
    if (options.checkDns === true)
      report(...(await checkDns(config.email.from_address, dnsTimeout)));
    if (probeTo !== undefined) report(await sendProbe(config, probeTo));
    report(...(await checkWebhookEndpoints(config.webhooks)));
    report(...securityWarnings(config));
  }

  if (failed > 0) io.err(`\n${failed} check(s) failed.\n`);
  else io.out(`\nAll checks passed${warnings > 0 ? ` (${warnings} warning(s))` : ''}.\n`);
  return failed;
}
