import { Command, CommanderError, Option } from 'commander';
import { ConfigError, SchemaError, StorageUnavailableError } from '../errors/errors.js';
import { EXIT, ExitError } from './exit-error.js';
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
  if (error instanceof ConfigError || error instanceof SchemaError || error instanceof StorageUnavailableError) {
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
    .configureOutput({ writeOut: io.out, writeErr: io.err });

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
