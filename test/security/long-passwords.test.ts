// Advisory class 8: over-long passwords hashed (argon2 run on megabytes of attacker text) instead of refused before hashing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { configFromOverrides } from '../../src/config/load.js';
import { createConsoleEmailTransport } from '../../src/delivery/email/console-transport.js';
import { createSilentLogger } from '../../src/logging/json-logger.js';
import { createArgon2Hasher } from '../../src/passwords/argon2-hasher.js';
import type { PasswordHasher } from '../../src/ports/passwords.js';
import { createRegstack } from '../../src/regstack.js';
import { createPgTestSchema } from '../support/db.js';
import {
  createTestRegstack,
  HTTP_BACKENDS,
  type TestBackend,
  type TestRegstack,
  testConfigOverrides,
} from '../support/test-regstack.js';

const PASSWORD = 'hunter2hunter2';
/** Under the 64 KiB body limit, so it reaches validation rather than the 413. */
const HUGE = 'p'.repeat(60_000);

interface Case {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly field: string;
  /** The longest value the field takes (new passwords 128, current passwords 1024). */
  readonly max: number;
  body(long: string): Record<string, unknown>;
}

describe.each(HTTP_BACKENDS)('class 8: over-long passwords on %s', (backend) => {
  let t: TestRegstack;
  let token: string;
  let resetToken: string;
  const cases: Case[] = [
    {
      name: 'register',
      method: 'POST',
      path: '/api/auth/register',
      field: 'password',
      max: 128,
      body: (long) => ({ email: 'new@example.com', password: long }),
    },
    {
      name: 'login',
      method: 'POST',
      path: '/api/auth/login',
      field: 'password',
      max: 128,
      body: (long) => ({ email: 'owner@example.com', password: long }),
    },
    {
      name: 'reset-password',
      method: 'POST',
      path: '/api/auth/reset-password',
      field: 'new_password',
      max: 128,
      body: (long) => ({ token: resetToken, new_password: long }),
    },
    {
      name: 'change-password (new)',
      method: 'POST',
      path: '/api/auth/change-password',
      field: 'new_password',
      max: 128,
      body: (long) => ({ current_password: PASSWORD, new_password: long }),
    },
    {
      name: 'change-password (current)',
      method: 'POST',
      path: '/api/auth/change-password',
      field: 'current_password',
      max: 1024,
      body: (long) => ({ current_password: long, new_password: 'a-new-password' }),
    },
    {
      name: 'change-email',
      method: 'POST',
      path: '/api/auth/change-email',
      field: 'current_password',
      max: 1024,
      body: (long) => ({ new_email: 'other@example.com', current_password: long }),
    },
    {
      name: 'delete account',
      method: 'DELETE',
      path: '/api/auth/account',
      field: 'current_password',
      max: 1024,
      body: (long) => ({ current_password: long }),
    },
    {
      name: 'phone/start',
      method: 'POST',
      path: '/api/auth/phone/start',
      field: 'current_password',
      max: 1024,
      body: (long) => ({ phone_number: '+15555550100', current_password: long }),
    },
    {
      name: 'delete phone',
      method: 'DELETE',
      path: '/api/auth/phone',
      field: 'current_password',
      max: 1024,
      body: (long) => ({ current_password: long }),
    },
  ];

  beforeAll(async () => {
    t = await createTestRegstack({ backend, config: { enable_sms_2fa: true } });
    ({ token } = await t.registerAndLogin('owner@example.com', PASSWORD));
    await t.request('POST', '/api/auth/forgot-password', { json: { email: 'owner@example.com' } });
    resetToken = t.lastEmailToken();
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await t.close();
  });

  function spyHasher(): () => number {
    const spies = [
      vi.spyOn(t.rs.hasher, 'hash'),
      vi.spyOn(t.rs.hasher, 'verify'),
      vi.spyOn(t.rs.hasher, 'verifyDummy'),
    ];
    return () => {
      const calls = spies.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
      for (const spy of spies) spy.mockRestore();
      return calls;
    };
  }

  describe.each(cases)('$name', (route) => {
    it.each([
      ['60,000 characters', () => HUGE],
      ['one past the maximum', () => 'p'.repeat(route.max + 1)],
    ])('refuses %s with a 422 at the field, and runs no hash', async (_what, long) => {
      const hashes = spyHasher();
      const res = await t.request(route.method, route.path, { token, json: route.body(long()) });
      expect(hashes()).toBe(0);
      expect(res.status).toBe(422);
      const issues = res.json.detail as Array<{ type: string; loc: unknown[]; msg: string }>;
      expect(issues.find((issue) => issue.loc.join('.') === `body.${route.field}`)).toMatchObject({
        type: 'string_too_long',
        msg: `String should have at most ${route.max} characters`,
      });
    });

    it('refuses a 1 MB password with a 413 before reading it, and runs no hash', async () => {
      const hashes = spyHasher();
      const res = await t.request(route.method, route.path, {
        token,
        json: route.body('p'.repeat(1024 * 1024)),
      });
      expect(hashes()).toBe(0);
      expect(res.status).toBe(413);
      expect(res.json.detail).toBe('Request body is too large.');
    });
  });

  it('the account was left as it was, and the spy does see a real hash', async () => {
    const hashes = spyHasher();
    expect((await t.login('owner@example.com', PASSWORD)).status).toBe(200);
    expect(hashes()).toBe(1);
    expect(await t.rs.storage.users.getByEmail('new@example.com')).toBeNull();
  });
});

describe.each(HTTP_BACKENDS)('class 8: the hash gate under a storm on %s', (backend) => {
  it('a storm of maximum-length passwords gets 429 server_busy past the queue, not a backlog', async () => {
    const { rs, close } = await gatedInstance(
      backend,
      createArgon2Hasher({
        memoryKib: 8192,
        iterations: 1,
        parallelism: 1,
        concurrency: 1,
        maxQueue: 2,
      }),
    );
    try {
      const longest = 'p'.repeat(128);
      const storm = await Promise.all(
        Array.from({ length: 30 }, async () => {
          const response = await rs.fetch(
            new Request('http://localhost:8000/api/auth/login', {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ email: 'ghost@example.com', password: longest }),
            }),
          );
          return {
            status: response.status,
            body: await response.text(),
            retry: response.headers.get('retry-after'),
          };
        }),
      );
      const busy = storm.filter((answer) => answer.status === 429);
      const refused = storm.filter((answer) => answer.status === 401);
      expect(busy.length + refused.length).toBe(30);
      expect(busy.length).toBeGreaterThan(0);
      expect(refused.length).toBeGreaterThanOrEqual(1);
      for (const answer of busy) {
        expect(JSON.parse(answer.body)).toEqual({
          detail: 'The server is busy. Try again shortly.',
        });
        expect(answer.retry).toBe('1');
      }
    } finally {
      await close();
    }
  });
});

/** An instance with a hasher of the test's choosing (the harness always builds its own). */
async function gatedInstance(
  backend: TestBackend,
  hasher: PasswordHasher,
): Promise<{ rs: Awaited<ReturnType<typeof createRegstack>>; close(): Promise<void> }> {
  let databaseUrl: string;
  let cleanup: () => Promise<void> | void;
  if (backend === 'postgres') {
    const schema = await createPgTestSchema();
    databaseUrl = schema.url;
    cleanup = () => schema.drop();
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'regstack-gate-'));
    databaseUrl = `sqlite:///${join(dir, 'test.db')}`;
    cleanup = () => rmSync(dir, { recursive: true, force: true });
  }
  const rs = await createRegstack({
    config: configFromOverrides(testConfigOverrides({ database_url: databaseUrl })),
    hasher,
    emailTransport: createConsoleEmailTransport({ print: () => undefined }),
    logger: createSilentLogger(),
  });
  await rs.installSchema();
  return {
    rs,
    async close() {
      await rs.close();
      await cleanup();
    },
  };
}
