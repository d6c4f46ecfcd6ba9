import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect, createServer as createNetServer, type Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  cleanEnv,
  ensureBuilt,
  killLeftovers,
  lines,
  runBin,
  type ServeProcess,
  startServe,
} from './serve-process.js';

// `regstack serve` (TS-CONTRACT §16, DESIGN §15), run from the build in a fresh directory.

const VERIFY_LINK = /\/account\/verify\?token=([A-Za-z0-9_-]+)/;
const SECRET = 'k3Y8vQ2mZ7rT1wX9pL4sN6bH0cJ5dF2gA8eR3tY7uI1oP6-serve-test-secret-0123456789';
const ALICE = { email: 'alice@example.com', password: 'hunter2hunter2' };

interface Reply {
  readonly status: number;
  readonly json: Record<string, unknown>;
}

async function call(
  base: string,
  method: string,
  path: string,
  options: { json?: unknown; token?: string } = {},
): Promise<Reply> {
  const headers = new Headers();
  if (options.json !== undefined) headers.set('content-type', 'application/json');
  if (options.token !== undefined) headers.set('authorization', `Bearer ${options.token}`);
  const body = options.json === undefined ? undefined : JSON.stringify(options.json);
  const response = await fetch(`${base}${path}`, { method, headers, body });
  const text = await response.text();
  return {
    status: response.status,
    json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}

/** Registers (verification is on by default), verifies with the link printed on stderr, logs in. */
async function registerVerifyLogin(server: ServeProcess): Promise<string> {
  const registered = await call(server.url, 'POST', '/api/auth/register', { json: ALICE });
  expect(registered.status).toBe(201);
  expect(registered.json).toMatchObject({
    status: 'pending_verification',
    email: 'alice@example.com',
  });
  const [, token] = await server.waitForStderr(VERIFY_LINK);
  const verified = await call(server.url, 'POST', '/api/auth/verify', { json: { token } });
  expect(verified.status).toBe(200);
  expect(verified.json).toMatchObject({ email: 'alice@example.com', is_verified: true });
  const login = await call(server.url, 'POST', '/api/auth/login', { json: ALICE });
  expect(login.status).toBe(200);
  expect(login.json).toMatchObject({ token_type: 'bearer' });
  return String(login.json.access_token);
}

async function stop(server: ServeProcess): Promise<void> {
  server.child.kill('SIGTERM');
  const exited = await server.exited;
  expect(exited, exited.stderr).toMatchObject({ code: 0, signal: null });
  expect(lines(exited.stderr).at(-1)).toBe(
    'regstack: SIGTERM received, finishing in-flight requests',
  );
}

describe('regstack serve', () => {
  let dir: string;
  let env: Record<string, string>;
  const secretsPath = (): string => join(dir, 'regstack.secrets.env');

  beforeAll(() => {
    ensureBuilt();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'regstack-serve-'));
    env = cleanEnv(dir);
  });
  afterEach(() => {
    killLeftovers();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('with no configuration at all', () => {
    it('starts the SQLite demo with a generated 0600 secret, serves the API, stops on SIGTERM', async () => {
      const server = await startServe({ cwd: dir, env });
      const startup = lines(server.stderr());
      expect(startup, server.stderr()).toHaveLength(2);
      expect(startup[0]).toBe(
        `regstack: WARNING no configuration found; generated a JWT secret in ${secretsPath()} ` +
          '(mode 0600). Run `regstack init` for a real configuration.',
      );
      expect(startup.filter((line) => line.includes('http://'))).toEqual([startup[1]]);
      expect(startup[1]).toMatch(
        /^regstack serving http:\/\/127\.0\.0\.1:\d+ \(API at .*\/api\/auth,/,
      );

      expect(statSync(secretsPath()).mode & 0o777).toBe(0o600);
      expect(readFileSync(secretsPath(), 'utf8')).toMatch(
        /^REGSTACK_JWT_SECRET=[A-Za-z0-9_-]{86}\n$/,
      );
      expect(existsSync(join(dir, 'regstack.db'))).toBe(true);

      const token = await registerVerifyLogin(server);
      const me = await call(server.url, 'GET', '/api/auth/me', { token });
      expect(me.status).toBe(200);
      expect(me.json).toMatchObject({ email: 'alice@example.com' });

      await stop(server);
      // The storage was closed: SQLite checkpointed its write-ahead log away.
      const wal = join(dir, 'regstack.db-wal');
      expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);
    });

    it('feature flags alone still start the demo, here with the pages mounted', async () => {
      const server = await startServe({
        cwd: dir,
        env: cleanEnv(dir, { REGSTACK_ENABLE_UI_ROUTER: 'true' }),
      });
      expect(server.stderr()).toContain('WARNING no configuration found');
      const page = await fetch(`${server.url}/account/login`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('data-rs-api="/api/auth"');
      await stop(server);
    });

    it('a second start reuses the saved secret: no warning, and earlier tokens stay valid', async () => {
      const first = await startServe({ cwd: dir, env });
      const token = await registerVerifyLogin(first);
      await stop(first);
      const secret = readFileSync(secretsPath(), 'utf8');

      const second = await startServe({ cwd: dir, env });
      const startup = lines(second.stderr());
      expect(startup, second.stderr()).toHaveLength(1);
      expect(startup[0]).toMatch(/^regstack serving http:\/\/127\.0\.0\.1:\d+ /);
      expect(readFileSync(secretsPath(), 'utf8')).toBe(secret);

      const me = await call(second.url, 'GET', '/api/auth/me', { token });
      expect(me.status).toBe(200);
      expect(me.json).toMatchObject({ email: 'alice@example.com' });
      await stop(second);
    });
  });

  it('finishes a request in flight at SIGTERM, closing its connection, and takes no new ones', async () => {
    const server = await startServe({ cwd: dir, env });
    const port = Number(new URL(server.url).port);
    const body = JSON.stringify(ALICE);

    // Headers now, body later: the server's 100 Continue shows the request is in flight.
    const socket = connect(port, '127.0.0.1');
    let received = '';
    const closed = new Promise<string>((resolve, reject) => {
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        received += chunk;
        socket.emit('received');
      });
      socket.on('end', () => {
        socket.end();
        resolve(received);
      });
      socket.on('error', reject);
    });
    const receivedSoFar = (text: string): Promise<void> =>
      new Promise((resolve) => {
        const check = (): void => {
          if (!received.includes(text)) return;
          socket.off('received', check);
          resolve();
        };
        socket.on('received', check);
        check();
      });
    socket.write(
      'POST /api/auth/register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`,
    );
    await receivedSoFar('HTTP/1.1 100 Continue\r\n\r\n');

    server.child.kill('SIGTERM');
    await server.waitForStderr(/SIGTERM received/);
    await expect(fetch(`${server.url}/api/auth/me`)).rejects.toThrow();

    socket.write(body);
    const response = (await closed).replace('HTTP/1.1 100 Continue\r\n\r\n', '');
    const [head = '', payload = ''] = response.split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 201 Created');
    expect(head.toLowerCase()).toContain('\r\nconnection: close');
    expect(JSON.parse(payload)).toMatchObject({
      status: 'pending_verification',
      email: 'alice@example.com',
    });

    expect(await server.exited).toMatchObject({ code: 0, signal: null });
  });

  describe('failures', () => {
    it('a bad setting exits 1 with one line naming the field and its source', async () => {
      const result = await runBin(['serve', '--port', '0'], {
        cwd: dir,
        env: cleanEnv(dir, { REGSTACK_JWT_TTL_SECONDS: '5' }),
      });
      expect(result.code, result.stderr).toBe(1);
      const output = lines(result.stderr);
      expect(output, result.stderr).toHaveLength(1);
      expect(output[0]).toMatch(/^regstack: .*jwt_ttl_seconds.*env REGSTACK_JWT_TTL_SECONDS/);
      expect(readdirSync(dir)).toEqual([]);
    });

    it('an unreachable PostgreSQL exits 1 with one line that does not show the password', async () => {
      const result = await runBin(['serve', '--port', '0'], {
        cwd: dir,
        env: cleanEnv(dir, {
          REGSTACK_JWT_SECRET: SECRET,
          REGSTACK_DATABASE_URL: 'postgresql://u:supersecret@127.0.0.1:1/x',
        }),
      });
      expect(result.code, result.stderr).toBe(1);
      const output = lines(result.stderr);
      expect(output, result.stderr).toHaveLength(1);
      expect(output[0]).toMatch(/^regstack: .*127\.0\.0\.1:1/);
      expect(result.stderr + result.stdout).not.toContain('supersecret');
      expect(readdirSync(dir)).toEqual([]);
    });

    it('configured through the environment but without a secret, it fails rather than write one', async () => {
      // Each host of such a deployment would otherwise sign with its own generated secret.
      const result = await runBin(['serve', '--port', '0'], {
        cwd: dir,
        env: cleanEnv(dir, { REGSTACK_DATABASE_URL: 'sqlite:///app.db' }),
      });
      expect(result.code, result.stderr).toBe(1);
      const output = lines(result.stderr);
      expect(output, result.stderr).toHaveLength(1);
      expect(output[0]).toMatch(/^regstack: .*jwt_secret is empty/);
      expect(readdirSync(dir)).toEqual([]);
    });

    it('--config naming a missing file is a usage error: exit 2', async () => {
      const result = await runBin(['serve', '--port', '0', '--config', 'missing.toml'], {
        cwd: dir,
        env,
      });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toBe('regstack: --config missing.toml: no such file\n');
      expect(readdirSync(dir)).toEqual([]);
    });

    it('a --port that is not a port is a usage error: exit 2', async () => {
      const result = await runBin(['serve', '--port', 'http'], { cwd: dir, env });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toBe('regstack: --port http: not a port number\n');
    });

    it('a port already taken exits 1 with one line', async () => {
      const blocker: NetServer = createNetServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      const address = blocker.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      try {
        const result = await runBin(['serve', '--port', String(address.port)], {
          cwd: dir,
          env: cleanEnv(dir, {
            REGSTACK_JWT_SECRET: SECRET,
            REGSTACK_DATABASE_URL: 'sqlite:///app.db',
          }),
        });
        expect(result.code, result.stderr).toBe(1);
        const output = lines(result.stderr);
        expect(output, result.stderr).toHaveLength(1);
        expect(output[0]).toMatch(
          new RegExp(`^regstack: cannot listen on 127\\.0\\.0\\.1:${address.port}: .*EADDRINUSE`),
        );
      } finally {
        await new Promise<void>((resolve) => blocker.close(() => resolve()));
      }
    });
  });
});
