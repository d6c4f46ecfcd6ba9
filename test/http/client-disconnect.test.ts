import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { configFromOverrides } from '../../src/config/load.js';
import { createConsoleEmailTransport } from '../../src/delivery/email/console-transport.js';
import { createNodeHandler } from '../../src/integrations/node.js';
import type { Logger } from '../../src/ports/logger.js';
import { createRegstack, type Regstack } from '../../src/regstack.js';
import { type LocalServer, listenLocal } from '../support/listen.js';
import { createTestDatabaseUrl } from '../support/test-database.js';
import { HTTP_BACKENDS, testConfigOverrides } from '../support/test-regstack.js';

interface LogEntry {
  readonly level: string;
  readonly fields: Record<string, unknown>;
  readonly message: string;
}

/** Records every level, debug included (the shared test harness drops debug). */
function recordingLogger(entries: LogEntry[]): Logger {
  const record =
    (level: string) =>
    (fields: Record<string, unknown>, message: string): void => {
      entries.push({ level, fields, message });
    };
  return {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
}

const FRAMINGS = {
  'a declared Content-Length': 'Content-Length: 500\r\n\r\n{"email": "alice@exa',
  'a chunked body': 'Transfer-Encoding: chunked\r\n\r\n14\r\n{"email": "alice@exa\r\n',
} as const;

/** Sends the head and part of the body over a raw socket, then destroys the socket. */
async function abandonBody(server: LocalServer, path: string, framing: string): Promise<void> {
  const { hostname, port } = new URL(server.url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.write(
    `POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\n${framing}`,
  );
  // Let the server parse the head and start reading the body before the client leaves.
  await new Promise((resolve) => setTimeout(resolve, 50));
  socket.destroy();
}

async function until(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.each(HTTP_BACKENDS)('a client that disconnects mid-body on %s', (backend) => {
  let rs: Regstack | undefined;
  let server: LocalServer | undefined;
  const cleanups: Array<() => Promise<void> | void> = [];

  afterEach(async () => {
    await server?.close();
    await rs?.close();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    server = undefined;
    rs = undefined;
  });

  async function start(entries: LogEntry[]): Promise<LocalServer> {
    const databaseUrl = await createTestDatabaseUrl(backend, cleanups);
    rs = await createRegstack({
      config: configFromOverrides(testConfigOverrides({ database_url: databaseUrl })),
      emailTransport: createConsoleEmailTransport({ print: () => undefined }),
      logger: recordingLogger(entries),
    });
    await rs.installSchema();
    server = await listenLocal(createNodeHandler(rs));
    return server;
  }

  it.each(Object.entries(FRAMINGS))(
    'with %s is logged once at debug level, never as an error',
    async (_name, framing) => {
      const entries: LogEntry[] = [];
      const listening = await start(entries);

      await abandonBody(listening, '/api/auth/login', framing);
      await until(() => entries.length > 0);
      // Room for a late second entry to show up before counting.
      await new Promise((resolve) => setTimeout(resolve, 100));

      expect(entries.filter((entry) => entry.level === 'error')).toEqual([]);
      const debug = entries.filter((entry) => entry.level === 'debug');
      expect(debug).toHaveLength(1);
      expect(debug[0]?.message).toBe(
        'regstack client disconnected before its request body arrived',
      );
      expect(debug[0]?.fields).not.toHaveProperty('stack');
    },
  );
});
