import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { type ContrastCheck, checkContrast } from '../../theme/contrast.js';
import { defaultTheme } from '../../theme/default-theme.js';
import type { ThemeScope } from '../../theme/theme-vars.js';
import { EXIT, ExitError } from '../exit-error.js';
import type { CliIo } from '../main.js';
import { openBrowser } from '../open-browser.js';
import { createDesignerApp } from '../theme/designer-app.js';
import { newLaunchToken } from '../theme/launch-token.js';
import { themeFile, validateTheme } from '../theme/theme-store.js';

export interface ThemeDesignOptions {
  readonly target?: string | undefined;
  readonly filename: string;
  readonly port?: string | undefined;
  readonly printOnly?: boolean | undefined;
  readonly var?: readonly string[] | undefined;
}

/** `[dark:|light:]NAME=VALUE` → the scope and the pair; a missing `=` is a usage error. */
function parseVar(text: string): { scope: ThemeScope; name: string; value: string } {
  const eq = text.indexOf('=');
  if (eq < 0) throw new ExitError(EXIT.usage, `regstack: --var ${text}: expected NAME=VALUE`);
  let name = text.slice(0, eq).trim();
  let scope: ThemeScope = 'light';
  if (name.startsWith('dark:')) {
    scope = 'dark';
    name = name.slice(5);
  } else if (name.startsWith('light:')) {
    name = name.slice(6);
  }
  return { scope, name, value: text.slice(eq + 1) };
}

function warnings(checks: readonly ContrastCheck[]): string[] {
  return checks
    .filter((check) => !check.ok)
    .map(
      (check) =>
        `regstack: warning: ${check.scope}: ${check.fg} on ${check.bg} (${check.use}) has contrast ` +
        `${check.ratio.toFixed(2)}:1, below ${check.minimum}:1\n`,
    );
}

function printOnly(options: ThemeDesignOptions, targetDir: string, io: CliIo): number {
  const given = (options.var ?? []).map(parseVar);
  const light: Record<string, string> = {};
  const dark: Record<string, string> = {};
  if (given.length === 0) {
    io.err('regstack: no --var given; writing the full light default set\n');
    Object.assign(light, defaultTheme().light);
  }
  for (const { scope, name, value } of given) (scope === 'dark' ? dark : light)[name] = value;
  const checked = validateTheme(light, dark);
  if (!checked.ok) {
    io.err(
      `Validation failed:\n${checked.problems
        .map((problem) => `  - ${problem.scope} ${problem.field}: ${problem.message}\n`)
        .join('')}`,
    );
    return EXIT.usage;
  }
  const saved = themeFile(targetDir, options.filename).save(checked.theme);
  for (const line of warnings(checkContrast(checked.theme, defaultTheme()))) io.err(line);
  io.out(`${JSON.stringify(saved, null, 2)}\n`);
  return EXIT.ok;
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return 0;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ExitError(EXIT.usage, `regstack: --port ${text}: not a port number`);
  }
  return port;
}

/** `regstack theme design` (spec §12.6): `--print-only` writes at once; otherwise the designer. */
export async function themeDesign(options: ThemeDesignOptions, io: CliIo): Promise<number> {
  const targetDir = resolve(options.target ?? '.');
  if (options.printOnly) return printOnly(options, targetDir, io);

  const port = parsePort(options.port);
  const token = newLaunchToken();
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolveDone) => {
    finish = resolveDone;
  });
  const app = createDesignerApp({
    token,
    targetDir,
    filename: options.filename,
    onDone: () => finish(),
  });
  const server = createServer(getRequestListener(app.fetch));
  try {
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolveListen());
    });
  } catch (error) {
    io.err(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failure;
  }
  const address = server.address();
  const actual = typeof address === 'object' && address !== null ? address.port : port;
  const url = `http://127.0.0.1:${actual}/?token=${token}`;
  io.out(`Designer URL: ${url}\n`);
  io.out('Opening the designer in your browser… press Ctrl-C or choose Done to exit.\n');
  openBrowser(url);

  const onSignal = (): void => finish();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  await finished;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  // The answer to `POST /api/done` is still on its way out: let it go, then stop.
  const closed = new Promise<void>((resolveClose) => server.close(() => resolveClose()));
  server.closeIdleConnections();
  const cut = setTimeout(() => server.closeAllConnections(), 1000);
  await closed;
  clearTimeout(cut);
  return EXIT.ok;
}
