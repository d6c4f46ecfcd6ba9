import { Command, CommanderError, Option } from 'commander';
import { ConfigError, SchemaError, StorageUnavailableError } from '../errors/errors.js';
import type { CreateAdminOptions } from './commands/create-admin.js';
import type { DoctorOptions } from './commands/doctor.js';
import type { MigrateOptions } from './commands/migrate.js';
import type { OAuthSetupOptions } from './commands/oauth-setup.js';
import type { PurgeOptions } from './commands/purge.js';
import type { ThemeDesignOptions } from './commands/theme-design.js';
import { EXIT, ExitError } from './exit-error.js';
import { addInitOptions, type InitOptions } from './init/init-options.js';
import { packageVersion } from './version.js';

/** Where a command writes; tests pass their own. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const PROCESS_IO: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Known failures print one line; anything else is a bug and keeps its stack. */
function describeFailure(error: unknown): { code: number; message: string } {
  if (error instanceof ExitError) return { code: error.exitCode, message: error.message };
  if (
    error instanceof ConfigError ||
    error instanceof SchemaError ||
    error instanceof StorageUnavailableError
  ) {
    return { code: EXIT.failure, message: `regstack: ${error.message}` };
  }
  return {
    code: EXIT.failure,
    message: `regstack: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  };
}

/**
 * The command table. Each command's module is imported only when it runs, so
 * `regstack --help` stays fast and loads no database driver.
 */
export async function main(argv: readonly string[], io: CliIo = PROCESS_IO): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('regstack')
    .description('User accounts for any Node.js web app.')
    .version(`regstack, version ${packageVersion()}`, '--version', 'print the version')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(add --help for usage)');

  program
    .command('serve')
    .description('serve the JSON API (and the pages when enabled) on node:http')
    .addOption(new Option('--host <host>', 'interface to listen on').default('127.0.0.1'))
    .addOption(new Option('--port <port>', 'port to listen on').default('8000'))
    .option('--config <path>', 'path to regstack.toml')
    .action(async (options: { host: string; port: string; config?: string }) => {
      const { serve } = await import('./commands/serve.js');
      exitCode = await serve(options, io);
    });

  addInitOptions(
    program
      .command('init')
      .description('ask a few questions and write regstack.toml and regstack.secrets.env'),
  ).action(async (options: InitOptions) => {
    const { init } = await import('./commands/init.js');
    exitCode = await init(options, io);
  });

  program
    .command('create-admin')
    .description('create an administrator, or promote an existing account (idempotent)')
    .requiredOption('--email <address>', 'email address of the administrator')
    .option('--password <password>', 'password (asked twice, hidden, when absent)')
    .option('--config <path>', 'path to regstack.toml')
    .action(async (options: CreateAdminOptions) => {
      const { createAdmin } = await import('./commands/create-admin.js');
      exitCode = await createAdmin(options, io);
    });

  program
    .command('doctor')
    .description('check config, secret, database, schema and delivery; exit code = failed checks')
    .option('--config <path>', 'path to regstack.toml')
    .option('--check-dns', "look up MX, SPF and DMARC of the sender's domain")
    .option('--send-test-email <to>', 'send a probe email to this address')
    .option('--dns-timeout <ms>', 'DNS query timeout in milliseconds', '5000')
    .action(async (options: DoctorOptions) => {
      const { doctor } = await import('./commands/doctor.js');
      exitCode = await doctor(options, io);
    });

  program
    .command('migrate')
    .description(
      'bring the SQL schema to the latest (or a target) version; create the MongoDB indexes',
    )
    .option('--target <rev>', 'head, a revision such as 0002, or +N', 'head')
    .option('--config <path>', 'path to regstack.toml')
    .action(async (options: MigrateOptions) => {
      const { migrate } = await import('./commands/migrate.js');
      exitCode = await migrate(options, io);
    });

  program
    .command('purge')
    .description('delete expired rows on every table and print the counts')
    .option('--config <path>', 'path to regstack.toml')
    .action(async (options: PurgeOptions) => {
      const { purge } = await import('./commands/purge.js');
      exitCode = await purge(options, io);
    });

  program
    .command('theme')
    .description('theme tools')
    .command('design')
    .description('edit the --rs-* theme variables in a local page and write regstack-theme.css')
    .option('--target <dir>', 'folder to write the theme file into (default: current folder)')
    .option('--filename <name>', 'name of the theme file', 'regstack-theme.css')
    .option('--port <port>', 'port of the local designer (default: any free port)')
    .option('--print-only', 'write the file from --var values without the designer')
    .option(
      '--var <[dark:|light:]NAME=VALUE>',
      'a variable to set (repeatable)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .action(async (options: ThemeDesignOptions) => {
      const { themeDesign } = await import('./commands/theme-design.js');
      exitCode = await themeDesign(options, io);
    });

  program
    .command('oauth')
    .description('OAuth helpers')
    .command('setup')
    .description('configure Google sign-in (with --print-only: show the changes, write nothing)')
    .option('--target <dir>', 'folder holding regstack.toml', process.cwd())
    .option('--api-prefix <prefix>', 'the API prefix of the callback URL', '/api/auth')
    .option('--port <port>', 'port of the local wizard (random when absent)')
    .option('--print-only', 'validate and print the changes; write nothing')
    .option('--client-id <id>', 'Google client id (with --print-only)')
    .option('--client-secret <secret>', 'Google client secret (with --print-only)')
    .option('--base-url <url>', 'base URL of the app (with --print-only)', 'http://localhost:8000')
    .option('--auto-link', 'link verified emails to existing accounts (with --print-only)')
    .option('--no-auto-link', 'do not link by email (the default)')
    .option('--mfa', 'run the SMS step after OAuth sign-in (with --print-only)')
    .option('--no-mfa', 'no SMS step after OAuth sign-in (the default)')
    .option('--provider <kind>', 'google (the wizard) or oidc (any OpenID Connect issuer)')
    .option('--name <name>', 'oidc: the provider name, the /oauth/<name>/ path segment')
    .option('--display-name <text>', 'oidc: the button text')
    .option('--issuer <url>', 'oidc: the issuer URL (its discovery document is fetched)')
    .action(async (options: OAuthSetupOptions) => {
      const { oauthSetup } = await import('./commands/oauth-setup.js');
      exitCode = await oauthSetup(options, io);
    });

  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const failure = describeFailure(error);
    io.err(`${failure.message}\n`);
    return failure.code;
  }
  return exitCode;
}
