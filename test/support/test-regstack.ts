import { createFakeClock, type FakeClock } from '../../src/clock/fake-clock.js';
import { configFromOverrides } from '../../src/config/load.js';
import type { ConfigOverrides } from '../../src/config/overrides.js';
import { randomToken } from '../../src/crypto/random.js';
import { createConsoleEmailTransport } from '../../src/delivery/email/console-transport.js';
import { createNullSmsTransport } from '../../src/delivery/sms/null-transport.js';
import { createSilentLogger } from '../../src/logging/json-logger.js';
import type { PublicUser } from '../../src/model/public-user.js';
import type { EmailMessage, SmsMessage } from '../../src/ports/delivery.js';
import type { Logger } from '../../src/ports/logger.js';
import { createRegstack, type Regstack } from '../../src/regstack.js';
import { MONGO_TARGETS } from './mongo-db.js';
import { createTestDatabaseUrl } from './test-database.js';

export type TestBackend = 'sqlite' | 'postgres' | 'mongo' | 'mongo-server';

/**
 * The backends every HTTP suite runs on: `mongo` is the jongodb test server, `mongo-server`
 * the real MongoDB named by REGSTACK_TEST_MONGODB_URL when it is set.
 */
export const HTTP_BACKENDS: readonly TestBackend[] = [
  'sqlite',
  'postgres',
  ...MONGO_TARGETS.map((target): TestBackend => (target === 'jongodb' ? 'mongo' : 'mongo-server')),
];

export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  // Tests read arbitrary JSON shapes; each assertion narrows what it reads.
  readonly json: Record<string, unknown> & { detail?: unknown };
  readonly text: string;
}

export interface RequestOptions {
  readonly json?: unknown;
  /** A raw body, sent as it is (with `contentType` when given). */
  readonly body?: string | Uint8Array | undefined;
  readonly contentType?: string | undefined;
  readonly token?: string | undefined;
  readonly headers?: Record<string, string> | undefined;
}

export interface TestRegstack {
  readonly rs: Regstack;
  readonly clock: FakeClock;
  readonly mailbox: EmailMessage[];
  readonly smsOutbox: SmsMessage[];
  readonly logs: Array<{ level: string; fields: Record<string, unknown>; message: string }>;
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  /** Registers (with verification off) and logs in; returns the user and a session token. */
  registerAndLogin(
    email?: string,
    password?: string,
  ): Promise<{ user: PublicUser; token: string; email: string; password: string }>;
  login(email: string, password: string): Promise<TestResponse>;
  /** The `token` query parameter of the newest email's text body. */
  lastEmailToken(): string;
  close(): Promise<void>;
}

/** The reference harness defaults (spec §15) plus fast, still-real argon2 settings. */
export function testConfigOverrides(overrides: ConfigOverrides = {}): ConfigOverrides {
  return {
    jwt_secret: randomToken(64),
    require_verification: false,
    allow_registration: true,
    rate_limit_disabled: true,
    password_hash_memory_kib: 8192,
    password_hash_iterations: 1,
    ...overrides,
    email: { from_address: 'test@example.com', ...overrides.email },
  };
}

function recordingLogger(
  logs: Array<{ level: string; fields: Record<string, unknown>; message: string }>,
): Logger {
  const silent = createSilentLogger();
  const record =
    (level: string) =>
    (fields: Record<string, unknown>, message: string): void => {
      logs.push({ level, fields, message });
    };
  return { ...silent, info: record('info'), warn: record('warn'), error: record('error') };
}

/** A wired regstack on a real database with a fake clock, a mailbox and an SMS outbox. */
export async function createTestRegstack(
  options: { backend?: TestBackend; config?: ConfigOverrides; clock?: FakeClock } = {},
): Promise<TestRegstack> {
  const backend = options.backend ?? 'sqlite';
  const clock = options.clock ?? createFakeClock();
  const cleanups: Array<() => Promise<void> | void> = [];
  const databaseUrl = await createTestDatabaseUrl(backend, cleanups);
  const email = createConsoleEmailTransport({ print: () => undefined });
  const sms = createNullSmsTransport({ print: () => undefined });
  const logs: TestRegstack['logs'] = [];
  const config = configFromOverrides(
    testConfigOverrides({ database_url: databaseUrl, ...options.config }),
  );
  const rs = await createRegstack({
    config,
    clock,
    emailTransport: email,
    smsTransport: sms,
    logger: recordingLogger(logs),
  });
  await rs.installSchema();

  const request: TestRegstack['request'] = async (method, path, requestOptions = {}) => {
    const headers = new Headers(requestOptions.headers);
    let body: string | Uint8Array | undefined = requestOptions.body;
    if (requestOptions.json !== undefined) {
      body = JSON.stringify(requestOptions.json);
      headers.set('content-type', 'application/json');
    }
    if (requestOptions.contentType !== undefined)
      headers.set('content-type', requestOptions.contentType);
    if (requestOptions.token !== undefined)
      headers.set('authorization', `Bearer ${requestOptions.token}`);
    const response = await rs.fetch(
      new Request(`http://localhost:8000${path}`, { method, headers, body }),
    );
    const text = await response.text();
    // Mail some routes send after answering is in the outbox before the test reads it.
    await rs.settled();
    let json: TestResponse['json'] = {};
    try {
      json = JSON.parse(text) as TestResponse['json'];
    } catch {
      json = {};
    }
    return { status: response.status, headers: response.headers, json, text };
  };

  const login: TestRegstack['login'] = (address, password) =>
    request('POST', '/api/auth/login', { json: { email: address, password } });

  return {
    rs,
    clock,
    mailbox: email.outbox,
    smsOutbox: sms.outbox,
    logs,
    request,
    login,
    async registerAndLogin(address = 'alice@example.com', password = 'hunter2hunter2') {
      const registered = await request('POST', '/api/auth/register', {
        json: { email: address, password, full_name: 'Alice' },
      });
      if (registered.status !== 201) throw new Error(`register failed: ${registered.text}`);
      const loggedIn = await login(address, password);
      if (loggedIn.status !== 200) throw new Error(`login failed: ${loggedIn.text}`);
      return {
        user: registered.json as unknown as PublicUser,
        token: String(loggedIn.json.access_token),
        email: address,
        password,
      };
    },
    lastEmailToken() {
      const message = email.outbox.at(-1);
      const match = message ? /token=([A-Za-z0-9_.-]+)/.exec(message.text) : null;
      if (!match?.[1]) throw new Error('no token in the last email');
      return match[1];
    },
    async close() {
      await rs.close();
      for (const cleanup of cleanups.reverse()) await cleanup();
    },
  };
}
