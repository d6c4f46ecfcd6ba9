import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Started, StartOptions } from '../../examples/shared.js';

/*
 * Every example in examples/ is started as a user would run it, and a user signs up, signs
 * in and reads their account through it over real HTTP (or, for the route-handler and
 * fetch examples, through the exported handlers the runtime would call).
 */

let dir: string;
const secret = 'examples-test-secret-0123456789abcdefghijklmnop';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'regstack-examples-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function overrides(name: string): StartOptions['overrides'] {
  return {
    database_url: `sqlite:///${join(dir, `${name}.db`)}`,
    jwt_secret: secret,
    require_verification: false,
    password_hash_memory_kib: 8192,
    password_hash_iterations: 1,
  };
}

type Call = (method: string, path: string, json?: unknown, token?: string) => Promise<Response>;

async function signUpAndIn(call: Call, email: string): Promise<void> {
  const registered = await call('POST', '/api/auth/register', {
    email,
    password: 'hunter2hunter2',
  });
  expect(registered.status).toBe(201);
  const login = await call('POST', '/api/auth/login', { email, password: 'hunter2hunter2' });
  expect(login.status).toBe(200);
  const { access_token: token } = (await login.json()) as { access_token: string };
  const me = await call('GET', '/api/auth/me', undefined, token);
  expect(me.status).toBe(200);
  expect(await me.json()).toMatchObject({ email, is_active: true });
  const logout = await call('POST', '/api/auth/logout', undefined, token);
  expect(logout.status).toBe(200);
  expect((await call('GET', '/api/auth/me', undefined, token)).status).toBe(401);
}

function over(url: string): Call {
  return (method, path, json, token) =>
    fetch(`${url}${path}`, {
      method,
      headers: {
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
}

describe.each([
  ['hono', () => import('../../examples/hono/server.js')],
  ['express', () => import('../../examples/express/server.js')],
  ['fastify', () => import('../../examples/fastify/server.js')],
  ['node-http', () => import('../../examples/node-http/server.js')],
] as const)('examples/%s', (name, load) => {
  let app: Started;
  beforeAll(async () => {
    const { start } = await load();
    app = await start({ port: 0, overrides: overrides(name) });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('signs a user up and in, and serves the host app beside regstack', async () => {
    await signUpAndIn(over(app.url), `${name}@example.com`);
    const home = await fetch(`${app.url}/`);
    expect(await home.text()).toBe('my app');
  });
});

describe('examples/nextjs and examples/fetch (handlers a runtime calls)', () => {
  beforeAll(() => {
    process.env.REGSTACK_DATABASE_URL = `sqlite:///${join(dir, 'handlers.db')}`;
    process.env.REGSTACK_JWT_SECRET = secret;
    process.env.REGSTACK_REQUIRE_VERIFICATION = 'false';
    process.env.REGSTACK_PASSWORD_HASH_MEMORY_KIB = '8192';
    process.env.REGSTACK_PASSWORD_HASH_ITERATIONS = '1';
  });
  afterAll(async () => {
    const { getRegstack } = await import('../../examples/nextjs/lib/regstack.js');
    await (await getRegstack()).close();
    for (const name of Object.keys(process.env)) {
      if (name.startsWith('REGSTACK_')) delete process.env[name];
    }
  });

  function via(handler: (request: Request) => Promise<Response>): Call {
    return (method, path, json, token) =>
      handler(
        new Request(`http://localhost:3000${path}`, {
          method,
          headers: {
            ...(json === undefined ? {} : { 'content-type': 'application/json' }),
            ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
          },
          ...(json === undefined ? {} : { body: JSON.stringify(json) }),
        }),
      );
  }

  it('the App Router route handlers serve every method regstack uses', async () => {
    const route = await import('../../examples/nextjs/app/api/auth/[...path]/route.js');
    expect(route.runtime).toBe('nodejs');
    const byMethod: Record<string, (request: Request) => Promise<Response>> = {
      GET: route.GET,
      POST: route.POST,
      PATCH: route.PATCH,
      DELETE: route.DELETE,
    };
    await signUpAndIn(
      (method, ...rest) => via(byMethod[method] ?? route.GET)(method, ...rest),
      'next@example.com',
    );
  });

  it('the fetch handler sends /api/auth to regstack and the rest to the app', async () => {
    const { default: worker } = await import('../../examples/fetch/handler.js');
    await signUpAndIn(via(worker.fetch), 'fetch@example.com');
    expect(await (await worker.fetch(new Request('http://localhost:3000/'))).text()).toBe('my app');
  });
});
