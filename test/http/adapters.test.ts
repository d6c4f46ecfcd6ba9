/*
 * The same regstack behind every supported host, each on a real listening server: a Hono
 * app, Express 5 (regstack before and after `express.json()`), Fastify 5 and plain
 * node:http. Each host keeps a route of its own that parses JSON with its own parser, so
 * the tests also show that mounting regstack leaves the host's routes alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve as serveHono } from '@hono/node-server';
import Database from 'better-sqlite3';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configFromOverrides } from '../../src/config/load.js';
import {
  type ConsoleEmailTransport,
  createConsoleEmailTransport,
} from '../../src/delivery/email/console-transport.js';
import { regstackExpress } from '../../src/integrations/express.js';
import { regstackFastify } from '../../src/integrations/fastify.js';
import { regstackHono } from '../../src/integrations/hono.js';
import { createNodeHandler } from '../../src/integrations/node.js';
import { createSilentLogger } from '../../src/logging/json-logger.js';
import { createRegstack, type Regstack } from '../../src/regstack.js';
import { readBody } from '../support/listen.js';
import { testConfigOverrides } from '../support/test-regstack.js';

/** A host application with regstack mounted, listening on a loopback port. */
interface RunningHost {
  readonly url: string;
  close(): Promise<void>;
}

interface HostKind {
  readonly name: string;
  start(rs: Regstack): Promise<RunningHost>;
}

const LOOPBACK = '127.0.0.1';

function serverUrl(server: Server): string {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no port');
  return `http://${LOOPBACK}:${address.port}`;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.closeAllConnections();
    server.close((error) => (error ? reject(error) : resolve()));
  });
}

function listening(server: Server): Promise<RunningHost> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      server.off('error', reject);
      resolve({ url: serverUrl(server), close: () => closeServer(server) });
    });
  });
}

const HOSTS: readonly HostKind[] = [
  {
    name: 'Hono (app.route)',
    start(rs) {
      const app = new Hono();
      app.get('/host/ping', (c) => c.json({ host: 'hono' }));
      app.post('/host/echo', async (c) => c.json({ received: await c.req.json<unknown>() }));
      app.route('/', regstackHono(rs));
      return new Promise((resolve) => {
        const server = serveHono({ fetch: app.fetch, port: 0, hostname: LOOPBACK }, () => {
          resolve({ url: serverUrl(server as Server), close: () => closeServer(server as Server) });
        });
      });
    },
  },
  {
    name: 'Express 5 (express.json() first)',
    start(rs) {
      const app = express();
      app.use(express.json());
      app.use(regstackExpress(rs));
      app.get('/host/ping', (_req, res) => {
        res.json({ host: 'express' });
      });
      app.post('/host/echo', (req, res) => {
        res.json({ received: req.body as unknown });
      });
      return listening(createServer(app));
    },
  },
  {
    name: 'Express 5 (express.json({ verify }) keeping the raw body, first)',
    start(rs) {
      const app = express();
      app.use(
        express.json({
          verify: (req, _res, buf) => {
            Object.assign(req, { rawBody: buf });
          },
        }),
      );
      app.use(regstackExpress(rs));
      app.get('/host/ping', (_req, res) => {
        res.json({ host: 'express' });
      });
      app.post('/host/echo', (req, res) => {
        res.json({ received: req.body as unknown });
      });
      return listening(createServer(app));
    },
  },
  {
    name: 'Express 5 (regstack first)',
    start(rs) {
      const app = express();
      app.use(regstackExpress(rs));
      app.use(express.json());
      app.get('/host/ping', (_req, res) => {
        res.json({ host: 'express' });
      });
      app.post('/host/echo', (req, res) => {
        res.json({ received: req.body as unknown });
      });
      return listening(createServer(app));
    },
  },
  {
    name: 'Fastify 5 (register)',
    async start(rs) {
      const fastify = Fastify();
      fastify.get('/host/ping', async () => ({ host: 'fastify' }));
      fastify.post('/host/echo', async (request) => ({ received: request.body }));
      await fastify.register(regstackFastify(rs));
      await fastify.listen({ port: 0, host: LOOPBACK });
      return { url: serverUrl(fastify.server), close: () => fastify.close() };
    },
  },
  {
    name: 'node:http (createNodeHandler with fallback)',
    start(rs) {
      const fallback = (req: IncomingMessage, res: ServerResponse): void => {
        const send = (status: number, body: unknown): void => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (req.method === 'GET' && req.url === '/host/ping') {
          send(200, { host: 'node' });
        } else if (req.method === 'POST' && req.url === '/host/echo') {
          readBody(req).then(
            (text) => send(200, { received: JSON.parse(text) as unknown }),
            () => send(400, { error: 'unreadable' }),
          );
        } else {
          send(404, { error: 'host not found' });
        }
      };
      return listening(createServer(createNodeHandler(rs, { fallback })));
    },
  },
];

interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: Record<string, unknown>;
}

async function call(
  base: string,
  method: string,
  path: string,
  options: {
    json?: unknown;
    body?: string | Uint8Array;
    contentType?: string;
    token?: string;
  } = {},
): Promise<Reply> {
  const headers = new Headers();
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers.set('content-type', 'application/json');
  }
  if (options.contentType !== undefined) headers.set('content-type', options.contentType);
  if (options.token !== undefined) headers.set('authorization', `Bearer ${options.token}`);
  const response = await fetch(`${base}${path}`, { method, headers, body });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = {};
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Sends `bytes` bytes as one chunk of a chunked body, so no Content-Length is declared. */
function postChunked(base: string, path: string, bytes: number): Promise<Reply> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(
      `${base}${path}`,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      },
      (res) => {
        answered = true;
        readBody(res).then((text) => {
          let json: Record<string, unknown> = {};
          try {
            json = JSON.parse(text) as Record<string, unknown>;
          } catch {
            json = {};
          }
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (typeof value === 'string') headers.set(name, value);
          }
          resolve({ status: res.statusCode ?? 0, headers, text, json });
        }, reject);
      },
    );
    /*
     * The server may answer and close before it has read the whole body, so a write error
     * (EPIPE, ECONNRESET) after the answer is expected; it can reach the socket after the
     * request has let go of it, hence the listener on the socket too.
     */
    const onError = (error: Error): void => {
      if (!answered) reject(error);
    };
    req.on('error', onError);
    req.on('socket', (socket) => socket.on('error', onError));
    req.end(Buffer.alloc(bytes, 0x20));
  });
}

const MALFORMED = '{"email": ';

/** Bodies regstack refuses; every host must answer them exactly as the app in process does. */
const BAD_BODIES: ReadonlyArray<{ name: string; body: string; contentType: string }> = [
  { name: 'malformed JSON', body: MALFORMED, contentType: 'application/json' },
  { name: 'a JSON string', body: '"text"', contentType: 'application/json' },
  { name: 'a JSON array', body: '[]', contentType: 'application/json' },
  { name: 'an unknown field', body: '{"surprise":1}', contentType: 'application/json' },
  { name: 'an empty body', body: '', contentType: 'application/json' },
  { name: 'a text/plain body', body: '{"email":"a@example.com"}', contentType: 'text/plain' },
];

const TEN_MB = 10 * 1024 * 1024;

describe.each(HOSTS)('regstack behind $name', (host) => {
  let dir: string;
  let rs: Regstack;
  let mail: ConsoleEmailTransport;
  let running: RunningHost;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'regstack-adapters-'));
    mail = createConsoleEmailTransport({ print: () => undefined });
    rs = await createRegstack({
      config: configFromOverrides(
        testConfigOverrides({
          database_url: `sqlite:///${join(dir, 'test.db')}`,
          require_verification: true,
          // Failed logins are recorded (with the client address) only when limits are on.
          rate_limit_disabled: false,
        }),
      ),
      emailTransport: mail,
      logger: createSilentLogger(),
    });
    await rs.installSchema();
    running = await host.start(rs);
  });

  afterEach(async () => {
    await running.close();
    await rs.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function mailedToken(): string {
    const text = mail.outbox.at(-1)?.text ?? '';
    const match = /\/account\/verify\?token=([A-Za-z0-9_-]+)/.exec(text);
    if (!match?.[1]) throw new Error(`no verification link in: ${text}`);
    return match[1];
  }

  it('register → verify with the mailed token → login → /me → logout → /me is revoked', async () => {
    const base = running.url;
    const registered = await call(base, 'POST', '/api/auth/register', {
      json: { email: 'Alice@Example.com', password: 'hunter2hunter2', full_name: 'Alice' },
    });
    expect(registered.status).toBe(201);
    expect(registered.json).toMatchObject({
      status: 'pending_verification',
      email: 'alice@example.com',
    });
    expect(registered.headers.get('content-type')).toMatch(/^application\/json/);

    const early = await call(base, 'POST', '/api/auth/login', {
      json: { email: 'alice@example.com', password: 'hunter2hunter2' },
    });
    expect(early.status).toBe(401);
    expect(early.json).toEqual({ detail: 'Invalid email or password.' });

    const verified = await call(base, 'POST', '/api/auth/verify', {
      json: { token: mailedToken() },
    });
    expect(verified.status).toBe(200);
    expect(verified.json).toMatchObject({
      email: 'alice@example.com',
      is_verified: true,
      full_name: 'Alice',
    });

    const login = await call(base, 'POST', '/api/auth/login', {
      json: { email: 'alice@example.com', password: 'hunter2hunter2' },
    });
    expect(login.status).toBe(200);
    expect(login.json).toMatchObject({ token_type: 'bearer', expires_in: 7200 });
    const token = String(login.json.access_token);

    const me = await call(base, 'GET', '/api/auth/me', { token });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ email: 'alice@example.com', is_verified: true });

    const out = await call(base, 'POST', '/api/auth/logout', { token });
    expect(out.status).toBe(200);
    expect(out.json).toEqual({ message: 'Logged out.' });

    const after = await call(base, 'GET', '/api/auth/me', { token });
    expect(after.status).toBe(401);
    expect(after.json).toEqual({ detail: 'Token has been revoked.' });
    expect(after.headers.get('www-authenticate')).toBeNull();
  });

  it('records the socket address of a failed login, whatever the host', async () => {
    const res = await call(running.url, 'POST', '/api/auth/login', {
      json: { email: 'nobody@example.com', password: 'hunter2hunter2' },
    });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ detail: 'Invalid email or password.' });
    const db = new Database(join(dir, 'test.db'), { readonly: true });
    try {
      expect(db.prepare('select email, ip from login_attempts').all()).toEqual([
        { email: 'nobody@example.com', ip: LOOPBACK },
      ]);
    } finally {
      db.close();
    }
  });

  it("keeps the host's own routes, including the host's JSON body parsing", async () => {
    const ping = await call(running.url, 'GET', '/host/ping');
    expect(ping.status).toBe(200);
    expect(ping.json).toHaveProperty('host');

    const echo = await call(running.url, 'POST', '/host/echo', { json: { hello: 'world', n: 1 } });
    expect(echo.status).toBe(200);
    expect(echo.json).toEqual({ received: { hello: 'world', n: 1 } });
  });

  it('answers a path that only starts with the prefix text from the host, not regstack', async () => {
    const res = await call(running.url, 'GET', '/api/authx');
    expect(res.status).toBe(404);
    expect(res.json).not.toEqual({ detail: 'Not Found' });
  });

  it("answers regstack's 404 and 405 under its prefix", async () => {
    const missing = await call(running.url, 'GET', '/api/auth/nope');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ detail: 'Not Found' });

    const wrongMethod = await call(running.url, 'GET', '/api/auth/login');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.json).toEqual({ detail: 'Method Not Allowed' });
  });

  it('answers malformed JSON with the same 422 json_invalid as the app in process', async () => {
    const reference = await rs.fetch(
      new Request('http://localhost:8000/api/auth/register', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: MALFORMED,
      }),
    );
    const expected: unknown = await reference.json();
    expect(reference.status).toBe(422);

    const res = await call(running.url, 'POST', '/api/auth/register', {
      body: MALFORMED,
      contentType: 'application/json',
    });
    expect(res.status).toBe(422);
    expect(res.json).toEqual(expected);
    expect(res.json.detail).toMatchObject([{ type: 'json_invalid', msg: 'JSON decode error' }]);
  });

  it.each(BAD_BODIES)('answers $name as the app in process does', async ({ body, contentType }) => {
    const reference = await rs.fetch(
      new Request('http://localhost:8000/api/auth/register', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      }),
    );
    expect(reference.status).toBe(422);
    const expected: unknown = await reference.json();

    const res = await call(running.url, 'POST', '/api/auth/register', { body, contentType });
    expect(res.status).toBe(422);
    expect(res.json).toEqual(expected);
  });

  it('refuses a 10 MB body with a declared Content-Length with 413', async () => {
    const res = await call(running.url, 'POST', '/api/auth/register', {
      body: new Uint8Array(TEN_MB).fill(0x20),
      contentType: 'application/json',
    });
    expect(res.status).toBe(413);
    expect(res.json).toEqual({ detail: 'Request body is too large.' });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a 10 MB chunked body (no Content-Length) with 413', async () => {
    const res = await postChunked(running.url, '/api/auth/register', TEN_MB);
    expect(res.status).toBe(413);
    expect(res.json).toEqual({ detail: 'Request body is too large.' });
  });

  it('still serves the next request after refusing a large body', async () => {
    await postChunked(running.url, '/api/auth/register', TEN_MB);
    const res = await call(running.url, 'POST', '/api/auth/login', {
      json: { email: 'nobody@example.com', password: 'hunter2hunter2' },
    });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ detail: 'Invalid email or password.' });
  });
});

describe('createNodeHandler without a fallback', () => {
  it("answers every path outside regstack's prefixes with regstack's JSON 404", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'regstack-adapters-'));
    const rs = await createRegstack({
      config: configFromOverrides(
        testConfigOverrides({ database_url: `sqlite:///${join(dir, 'test.db')}` }),
      ),
      logger: createSilentLogger(),
    });
    try {
      await rs.installSchema();
      const running = await listening(createServer(createNodeHandler(rs)));
      try {
        for (const path of ['/', '/host/ping', '/api/authx']) {
          const res = await call(running.url, 'GET', path);
          expect(res.status).toBe(404);
          expect(res.json).toEqual({ detail: 'Not Found' });
        }
      } finally {
        await running.close();
      }
    } finally {
      await rs.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
