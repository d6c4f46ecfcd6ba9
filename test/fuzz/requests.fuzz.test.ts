import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEmailAddress } from '../../src/validation/email-address.js';
import { createTestRegstack, type TestRegstack } from '../support/test-regstack.js';

/*
 * Property-based fuzzing of every route, on both transports: requests built from the
 * OpenAPI document's schemas, then mutated (missing, extra and mistyped fields, hostile
 * strings, raw bodies, odd content types, forged credentials). Whatever arrives, the answer
 * is never a 5xx, every error body is JSON with a `detail`, and the database ends up holding
 * only well-formed rows.
 */

const RUNS_PER_TRANSPORT = Number(process.env.REGSTACK_FUZZ_RUNS ?? 5_000);

interface FuzzRoute {
  readonly method: string;
  readonly path: string;
  readonly fields: readonly string[];
}

interface OpenApiDoc {
  paths: Record<
    string,
    Record<
      string,
      {
        requestBody?: {
          content: Record<string, { schema: { properties?: Record<string, unknown> } }>;
        };
      }
    >
  >;
}

const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfffy',
    '😀'.repeat(130),
    'A'.repeat(5000),
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    '../../etc/passwd',
    '%00',
    '+14155552671',
    '415-555-2671',
    'alice@example.com',
    'ALICE@EXAMPLE.COM',
    'Bob <bob@example.com>',
    'eve@example.invalid',
    'x@localhost',
    'hunter2hunter2',
    '123456',
    'eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiIxIn0.',
  ),
  fc.emailAddress(),
);

const anyValue = fc.oneof(
  { weight: 5, arbitrary: hostileString },
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

function bodyFor(route: FuzzRoute): fc.Arbitrary<{ body?: string; contentType?: string }> {
  const shaped = fc
    .record(Object.fromEntries(route.fields.map((field) => [field, anyValue])), {
      requiredKeys: [],
    })
    .chain((object) =>
      fc.oneof(
        fc.constant(object),
        fc.record({ extra: anyValue }).map((extra) => ({ ...object, ...extra })),
      ),
    )
    .map((object) => ({ body: JSON.stringify(object) }));
  const raw = fc.record({
    body: fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.json(),
      fc.constantFrom('{', '[]', 'null', '{"a":', '\u0000'),
    ),
    contentType: fc.constantFrom(
      'application/json',
      'application/merge-patch+json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      '',
      'application/json; charset=latin1',
    ),
  });
  return fc.oneof({ weight: 4, arbitrary: shaped }, { weight: 1, arbitrary: raw }, fc.constant({}));
}

function concretePath(path: string): fc.Arbitrary<string> {
  if (!path.includes('{')) return fc.constant(path);
  return fc
    .oneof(
      fc.string({ maxLength: 40 }),
      fc.uuid().map((id) => id.replaceAll('-', '')),
      fc.constant('x'.repeat(3000)),
    )
    .map((id) => path.replace(/\{[^}]+\}/g, encodeURIComponent(id) || 'x'));
}

describe.each(['bearer', 'cookie'] as const)(
  'fuzzing every route with the %s transport',
  (transport) => {
    let t: TestRegstack;
    let routes: FuzzRoute[];
    let userToken: string;
    let adminToken: string;

    beforeAll(async () => {
      t = await createTestRegstack({
        config: { transport, enable_admin_router: true, enable_sms_2fa: true },
      });
      ({ token: userToken } = await t.registerAndLogin('user@example.com'));
      await t.rs.bootstrapAdmin('admin@example.com', 'admin-password');
      adminToken = String((await t.login('admin@example.com', 'admin-password')).json.access_token);
      const doc = (await t.request('GET', '/api/auth/openapi.json')).json as unknown as OpenApiDoc;
      routes = Object.entries(doc.paths).flatMap(([path, operations]) =>
        Object.entries(operations).map(([method, operation]) => ({
          method: method.toUpperCase(),
          path,
          fields: Object.keys(
            operation.requestBody?.content['application/json']?.schema.properties ?? {},
          ),
        })),
      );
      expect(routes.length).toBeGreaterThanOrEqual(20);
    });

    afterAll(async () => {
      await t.close();
    });

    it(`answers ${RUNS_PER_TRANSPORT} generated requests without a 5xx and with JSON errors`, async () => {
      const credentials = fc.constantFrom<Record<string, string>>(
        {},
        { authorization: `Bearer ${userToken}` },
        { authorization: `Bearer ${adminToken}` },
        { authorization: 'Bearer not.a.token' },
        { authorization: 'Basic dXNlcjpwYXNz' },
        { cookie: `regstack_session=${userToken}` },
        { cookie: `regstack_session=${userToken}; regstack_csrf=abc`, 'x-csrf-token': 'abc' },
        { cookie: `regstack_session=${adminToken}`, origin: 'http://localhost:8000' },
        { cookie: 'regstack_session=garbage', origin: 'https://evil.example' },
      );
      const request = fc.integer({ min: 0, max: 1_000_000 }).chain((index) => {
        const route = routes[index % routes.length] as FuzzRoute;
        return fc.record({
          route: fc.constant(route),
          path: concretePath(route.path),
          payload: bodyFor(route),
          headers: credentials,
          query: fc.option(
            fc.dictionary(fc.constantFrom('skip', 'limit', 'x'), fc.string({ maxLength: 6 }), {
              maxKeys: 2,
            }),
            { nil: undefined },
          ),
        });
      });

      await fc.assert(
        fc.asyncProperty(request, async ({ route, path, payload, headers, query }) => {
          const search = query ? `?${new URLSearchParams(query).toString()}` : '';
          const hasBody = route.method !== 'GET' && payload.body !== undefined;
          const res = await t.request(route.method, `/api/auth${path}${search}`, {
            headers,
            ...(hasBody
              ? { body: payload.body, contentType: payload.contentType ?? 'application/json' }
              : {}),
          });
          expect(
            res.status,
            `${route.method} ${path} → ${res.status}: ${res.text.slice(0, 300)}`,
          ).toBeLessThan(500);
          expect(res.headers.get('content-type')).toMatch(/^application\/json/);
          if (res.status >= 400) expect(res.json).toHaveProperty('detail');
        }),
        {
          numRuns: RUNS_PER_TRANSPORT,
          seed: Number(process.env.REGSTACK_FUZZ_SEED ?? Date.now() % 2 ** 31),
        },
      );

      // Still serving, and no half-written or malformed rows.
      expect((await t.request('GET', '/api/auth/openapi.json')).status).toBe(200);
      const users = await t.rs.storage.users.listPaged({ skip: 0, limit: 10_000 });
      expect(users.length).toBe(await t.rs.storage.users.count());
      for (const user of users) {
        const parsed = parseEmailAddress(user.email);
        expect(parsed.ok && parsed.email).toBe(user.email);
        if (user.hashedPassword !== null)
          expect(user.hashedPassword).toMatch(/^\$argon2id\$v=19\$/);
        if (user.phoneNumber !== null) expect(user.phoneNumber).toMatch(/^\+[1-9][0-9]{1,14}$/);
        expect(user.fullName === null || !user.fullName.includes('\u0000')).toBe(true);
      }
    }, 600_000);
  },
);
