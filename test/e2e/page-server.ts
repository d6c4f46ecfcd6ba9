/**
 * A real regstack serving its pages on a loopback port: node:http and the Node adapter of
 * Hono, SQLite in a temporary folder, email through SMTP to a real sink and SMS into the
 * null transport's outbox.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { configFromOverrides } from '../../src/config/load.js';
import type { ConfigOverrides } from '../../src/config/overrides.js';
import { createNullSmsTransport } from '../../src/delivery/sms/null-transport.js';
import { createSilentLogger } from '../../src/logging/json-logger.js';
import type { SmsMessage } from '../../src/ports/delivery.js';
import { createRegstack, type Regstack } from '../../src/regstack.js';
import { mimeParts, type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { testConfigOverrides } from '../support/test-regstack.js';

export interface PageServer {
  /** `http://127.0.0.1:<port>`, also the configured `base_url`. */
  readonly url: string;
  readonly rs: Regstack;
  readonly sink: SmtpSink;
  readonly smsOutbox: SmsMessage[];
  /** Waits for the `count`-th email (1-based) and returns its link with a `token`. */
  emailLink(count: number): Promise<string>;
  close(): Promise<void>;
}

async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function startPageServer(config: ConfigOverrides = {}): Promise<PageServer> {
  const dir = mkdtempSync(join(tmpdir(), 'regstack-e2e-'));
  const sink = await startSmtpSink();
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no port');
  const url = `http://127.0.0.1:${address.port}`;

  const sms = createNullSmsTransport({ print: () => undefined });
  const rs = await createRegstack({
    config: configFromOverrides(
      testConfigOverrides({
        database_url: `sqlite:///${join(dir, 'e2e.db')}`,
        base_url: url,
        ...config,
        email: {
          backend: 'smtp',
          smtp_host: sink.host,
          smtp_port: sink.port,
          smtp_starttls: false,
          ...config.email,
        },
      }),
    ),
    smsTransport: sms,
    logger: createSilentLogger(),
    mountUi: true,
  });
  await rs.installSchema();
  server.on('request', getRequestListener(rs.fetch));

  return {
    url,
    rs,
    sink,
    smsOutbox: sms.outbox,
    async emailLink(count) {
      const message = await waitFor(() => sink.messages[count - 1], `email #${count}`);
      const text = mimeParts(message.raw).find((part) => part.contentType.startsWith('text/plain'));
      const link = /https?:\/\/\S+[?&]token=[\w.-]+/.exec(text?.body ?? '')?.[0];
      if (link === undefined) throw new Error(`email #${count} has no token link`);
      return link;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rs.close();
      await sink.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
