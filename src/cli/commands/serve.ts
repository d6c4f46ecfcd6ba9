import { existsSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import type { LoadedConfig } from '../../config/load.js';
import { maskDatabaseUrl } from '../../config/mask-url.js';
import { generateSecret } from '../../crypto/random.js';
import { createRegstack } from '../../regstack.js';
import { EXIT, ExitError } from '../exit-error.js';
import { loadCliConfig } from '../load-cli-config.js';
import type { CliIo } from '../main.js';

export interface ServeOptions {
  readonly host: string;
  readonly port: string;
  readonly config?: string | undefined;
}

const SECRETS_FILE = 'regstack.secrets.env';
/** In-flight requests get this long to finish after SIGTERM before connections are cut. */
const DRAIN_MS = 10_000;

/**
 * With no configuration at all, the demo still starts: a generated secret is kept in
 * `regstack.secrets.env` (0600) so tokens survive a restart, and a warning says so.
 * "At all" includes the environment: a deployment configured through `REGSTACK_*` but
 * missing its secret fails on the empty secret, rather than each host writing a secret
 * of its own beside it (instances would then reject each other's tokens).
 */
function withDemoSecret(
  loaded: LoadedConfig,
  configPath: string | undefined,
  io: CliIo,
): LoadedConfig {
  const unconfigured =
    loaded.config.jwt_secret.isEmpty() &&
    loaded.tomlPath === undefined &&
    loaded.secretsPath === undefined &&
    // Feature flags may be set; a chosen database marks a deployment, which needs its own secret.
    loaded.sources.database_url === 'default' &&
    !existsSync(resolve(SECRETS_FILE));
  if (!unconfigured) return loaded;
  const path = resolve(SECRETS_FILE);
  writeFileSync(path, `REGSTACK_JWT_SECRET=${generateSecret()}\n`, { mode: 0o600, flag: 'wx' });
  io.err(
    `regstack: WARNING no configuration found; generated a JWT secret in ${path} (mode 0600). ` +
      'Run `regstack init` for a real configuration.\n',
  );
  return loadCliConfig(configPath);
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ExitError(EXIT.usage, `regstack: --port ${text}: not a port number`);
  }
  return port;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
}

/** `regstack serve`: migrate, listen, and stop cleanly on SIGTERM or SIGINT. */
export async function serve(options: ServeOptions, io: CliIo): Promise<number> {
  const port = parsePort(options.port);
  const loaded = withDemoSecret(loadCliConfig(options.config), options.config, io);
  const rs = await createRegstack({
    config: loaded.config,
    mountUi: loaded.config.enable_ui_router,
    // The outbox table may not exist before the migration: the worker starts after it.
    webhookWorker: { start: false },
  });
  try {
    await rs.installSchema();
  } catch (error) {
    await rs.close();
    throw error;
  }
  rs.webhooks.worker?.start();

  let stopping = false;
  const inFlight = new Set<ServerResponse>();
  const server = createServer();
  /*
   * Responses that finish during the drain say `Connection: close`, and Node closes their
   * connection after them; otherwise a keep-alive connection whose request was in flight
   * at SIGTERM stays open (and keeps being served) until keepAliveTimeout or the forced cut.
   */
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    if (stopping) res.setHeader('Connection', 'close');
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });
  server.on('request', getRequestListener(rs.fetch));
  try {
    await listen(server, port, options.host);
  } catch (error) {
    await rs.close();
    throw new ExitError(
      EXIT.failure,
      `regstack: cannot listen on ${options.host}:${port}: ${(error as Error).message}`,
    );
  }
  const address = server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${boundPort}`;
  io.err(
    `regstack serving ${url} (API at ${url}${rs.config.api_prefix}${
      rs.config.enable_ui_router
        ? `, pages at ${url}${rs.config.ui_prefix.replace(/\/+$/, '')}/login`
        : ''
    }, database ${maskDatabaseUrl(rs.config.database_url.reveal())})\n`,
  );

  return new Promise<number>((resolveExit) => {
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
      io.err(`regstack: ${signal} received, finishing in-flight requests\n`);
      const force = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
      force.unref();
      server.close(() => {
        clearTimeout(force);
        rs.close().then(
          () => resolveExit(EXIT.ok),
          () => resolveExit(EXIT.failure),
        );
      });
      server.closeIdleConnections();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}
