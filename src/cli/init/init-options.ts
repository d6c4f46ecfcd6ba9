import { type Command, Option } from 'commander';

/** Parsed `regstack init` options: one per prompt (spec §12.1), plus the run switches. */
export interface InitOptions {
  readonly target?: string | undefined;
  readonly force?: boolean | undefined;
  readonly yes?: boolean | undefined;
  readonly appName?: string | undefined;
  readonly baseUrl?: string | undefined;
  readonly cookieDomain?: string | undefined;
  readonly behindProxy?: boolean | undefined;
  readonly database?: 'sqlite' | 'postgres' | 'mongo' | undefined;
  readonly sqlitePath?: string | undefined;
  readonly postgresUrl?: string | undefined;
  readonly mongoHost?: string | undefined;
  readonly mongoDatabase?: string | undefined;
  readonly generateJwtSecret?: boolean | undefined;
  readonly jwtSecret?: string | undefined;
  readonly jwtTtl?: string | undefined;
  readonly transport?: 'bearer' | 'cookie' | undefined;
  readonly emailBackend?: 'console' | 'smtp' | 'ses' | undefined;
  readonly fromAddress?: string | undefined;
  readonly fromName?: string | undefined;
  readonly smtpHost?: string | undefined;
  readonly smtpPort?: string | undefined;
  readonly smtpStarttls?: boolean | undefined;
  readonly smtpUsername?: string | undefined;
  readonly smtpPassword?: string | undefined;
  readonly sesRegion?: string | undefined;
  readonly enableSms2fa?: boolean | undefined;
  readonly smsBackend?: 'sns' | 'twilio' | undefined;
  readonly enableAdmin?: boolean | undefined;
  readonly enableUi?: boolean | undefined;
  readonly allowRegistration?: boolean | undefined;
  readonly requireVerification?: boolean | undefined;
}

/** `--name` and `--no-name`, so a script can answer a yes/no prompt either way. */
function yesNo(command: Command, name: string, description: string): void {
  command.option(`--${name}`, description).option(`--no-${name}`, `the opposite of --${name}`);
}

/** Adds the `init` options to a command. A flag answers its prompt, which is then not asked. */
export function addInitOptions(command: Command): Command {
  command
    .option('--target <dir>', 'directory to write the files into (created if missing)', '.')
    .option('--force', 'overwrite existing files without asking')
    .option('-y, --yes', 'ask nothing: take the default for every prompt not answered by a flag')
    .option('--app-name <name>', 'App name [MyApp]')
    .option('--base-url <url>', 'Public base URL [http://localhost:8000]')
    .option('--cookie-domain <domain>', 'cookie domain; "" for none [host of the base URL]');
  yesNo(command, 'behind-proxy', 'behind a reverse proxy (X-Forwarded-* headers) [no]');
  command
    .addOption(
      new Option('--database <backend>', 'database backend [sqlite]').choices([
        'sqlite',
        'postgres',
        'mongo',
      ]),
    )
    .option('--sqlite-path <path>', 'SQLite file path or sqlite:// URL [./<slug>.sqlite]')
    .option(
      '--postgres-url <url>',
      'PostgreSQL URL [postgresql+asyncpg://postgres@localhost/<slug>]',
    )
    .option('--mongo-host <host>', 'MongoDB host [localhost:27017]')
    .option('--mongo-database <name>', 'MongoDB database [<slug>]');
  yesNo(command, 'generate-jwt-secret', 'auto-generate a 64-byte JWT secret [yes]');
  command
    .option('--jwt-secret <secret>', 'use this JWT secret instead of generating one')
    .option('--jwt-ttl <seconds>', 'JWT lifetime in seconds [7200]')
    .addOption(
      new Option('--transport <kind>', 'token transport [bearer]').choices(['bearer', 'cookie']),
    )
    .addOption(
      new Option('--email-backend <backend>', 'email backend [console]').choices([
        'console',
        'smtp',
        'ses',
      ]),
    )
    .option('--from-address <address>', 'sender email address [noreply@<base URL host>]')
    .option('--from-name <name>', 'sender display name [the app name]')
    .option('--smtp-host <host>', 'SMTP host (smtp backend)')
    .option('--smtp-port <port>', 'SMTP port [587]');
  yesNo(command, 'smtp-starttls', 'use STARTTLS [yes]');
  command
    .option('--smtp-username <name>', 'SMTP username [none]')
    .option('--smtp-password <password>', 'SMTP password, kept in the secrets file [none]')
    .option('--ses-region <region>', 'AWS region (ses backend) [eu-west-1]');
  yesNo(command, 'enable-sms-2fa', 'enable SMS-based 2FA [no]');
  command.addOption(
    new Option('--sms-backend <backend>', 'SMS backend when 2FA is on [sns]').choices([
      'sns',
      'twilio',
    ]),
  );
  yesNo(command, 'enable-admin', 'enable the JSON admin router [no]');
  yesNo(command, 'enable-ui', 'enable the server-rendered UI pages [no]');
  yesNo(command, 'allow-registration', 'allow self-service registration [yes]');
  yesNo(command, 'require-verification', 'require email verification before login [yes]');
  return command.addHelpText(
    'after',
    '\nEvery prompt not answered by a flag is asked; with piped stdin, one answer per line\n' +
      '(an empty line takes the default). With --yes nothing is asked.\n',
  );
}
