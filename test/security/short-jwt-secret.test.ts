// Advisory class 12: a JWT secret shorter than 32 characters accepted at start, so every signing key is guessable offline.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecret } from '../../src/crypto/random.js';
import { ConfigError } from '../../src/errors/errors.js';
import {
  cleanEnv,
  ensureBuilt,
  killLeftovers,
  lines,
  runBin,
  startServe,
} from '../cli/serve-process.js';
import {
  createTestRegstack,
  HTTP_BACKENDS,
  testConfigOverrides,
} from '../support/test-regstack.js';

const TOO_SHORT =
  'RegStackConfig.jwt_secret is too short (31 characters; at least 32 are needed). Run `regstack init` to generate one, or set REGSTACK_JWT_SECRET.';

describe.each(HTTP_BACKENDS)('class 12: short JWT secret on %s', (backend) => {
  it('createRegstack refuses a 31-character secret with one line naming the field', async () => {
    const attempt = createTestRegstack({ backend, config: { jwt_secret: 'k'.repeat(31) } });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(TOO_SHORT);
  });

  it('counts characters, not UTF-16 units: 31 emoji are too short', async () => {
    await expect(
      createTestRegstack({ backend, config: { jwt_secret: '🔑'.repeat(31) } }),
    ).rejects.toThrow(TOO_SHORT);
  });

  it('a 32-character secret and a generated one both start and sign sessions', async () => {
    for (const secret of ['0123456789abcdef0123456789abcdef', generateSecret()]) {
      const t = await createTestRegstack({ backend, config: { jwt_secret: secret } });
      try {
        const { token } = await t.registerAndLogin();
        const me = await t.request('GET', '/api/auth/me', { token });
        expect(me.status).toBe(200);
        expect(me.json.email).toBe('alice@example.com');
      } finally {
        await t.close();
      }
    }
  });
});

describe('class 12: the secrets the project itself makes', () => {
  it('generateSecret and the test harness give secrets far past the minimum', () => {
    expect([...generateSecret()].length).toBeGreaterThanOrEqual(64);
    const harness = testConfigOverrides().jwt_secret;
    expect(typeof harness === 'string' && harness.length >= 32).toBe(true);
  });
});

describe('class 12: regstack serve', () => {
  let dir: string;
  beforeAll(() => {
    ensureBuilt();
  });
  afterAll(() => {
    killLeftovers();
  });

  it('with a short REGSTACK_JWT_SECRET exits 1 with one line, the secret not printed', async () => {
    dir = mkdtempSync(join(tmpdir(), 'regstack-short-secret-'));
    try {
      const result = await runBin(['serve', '--port', '0'], {
        cwd: dir,
        env: cleanEnv(dir, {
          REGSTACK_JWT_SECRET: 'short-but-not-empty',
          REGSTACK_DATABASE_URL: 'sqlite:///app.db',
        }),
      });
      expect(result.code, result.stderr).toBe(1);
      const output = lines(result.stderr);
      expect(output, result.stderr).toHaveLength(1);
      expect(output[0]).toMatch(/^regstack: .*jwt_secret is too short \(19 characters/);
      expect(result.stderr + result.stdout).not.toContain('short-but-not-empty');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with no configuration, the demo generates a long secret and starts', async () => {
    dir = mkdtempSync(join(tmpdir(), 'regstack-demo-secret-'));
    try {
      const server = await startServe({ cwd: dir, env: cleanEnv(dir) });
      const written = readFileSync(join(dir, 'regstack.secrets.env'), 'utf8');
      const secret = /^REGSTACK_JWT_SECRET=(.*)$/m.exec(written)?.[1] ?? '';
      expect(secret.length).toBeGreaterThanOrEqual(32);
      const health = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'nobody@example.com', password: 'not-the-password' }),
      });
      expect(health.status).toBe(401);
      server.child.kill('SIGTERM');
      await server.exited;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
