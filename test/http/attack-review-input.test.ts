import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRegstack, HTTP_BACKENDS, type TestRegstack } from '../support/test-regstack.js';

/*
 * Hostile request bodies an attack on a running server found answered badly: deep JSON
 * that crashed the 422 path, and names that carried lines of text into other people's mail.
 */

describe.each(HTTP_BACKENDS)('attack review: hostile input on %s', (backend) => {
  let t: TestRegstack;
  let token: string;

  beforeAll(async () => {
    t = await createTestRegstack({ backend });
    ({ token } = await t.registerAndLogin('owner@example.com'));
  });
  afterAll(async () => {
    await t.close();
  });

  describe('item 7: deeply nested JSON', () => {
    const deep = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;

    it.each([
      '/api/auth/verify',
      '/api/auth/login',
      '/api/auth/reset-password',
      '/api/auth/confirm-email-change',
      '/api/auth/register',
    ])('%s answers 30,000 nested arrays with a 422, logging no error', async (path) => {
      const before = t.logs.length;
      const res = await t.request('POST', path, { body: deep, contentType: 'application/json' });
      expect(res.status).toBe(422);
      expect(res.json.detail).toEqual([
        {
          type: 'json_invalid',
          loc: ['body', 32],
          msg: 'JSON decode error',
          input: {},
          ctx: { error: 'JSON nested deeper than 32 levels' },
        },
      ]);
      expect(t.logs.slice(before).filter((entry) => entry.level === 'error')).toEqual([]);
    });

    it('counts objects and arrays alike, and brackets inside strings not at all', async () => {
      const object = `${'{"a":'.repeat(33)}1${'}'.repeat(33)}`;
      expect(
        (
          await t.request('POST', '/api/auth/login', {
            body: object,
            contentType: 'application/json',
          })
        ).status,
      ).toBe(422);
      const quoted = JSON.stringify({
        email: 'owner@example.com',
        password: `[{${'['.repeat(100)}"\\`,
      });
      const res = await t.request('POST', '/api/auth/login', {
        body: quoted,
        contentType: 'application/json',
      });
      expect(res.status).toBe(401);
    });

    it('accepts 32 levels', async () => {
      const body = `${'['.repeat(31)}{"email":"owner@example.com"}${']'.repeat(31)}`;
      const res = await t.request('POST', '/api/auth/forgot-password', {
        body,
        contentType: 'application/json',
      });
      // Parsed, then refused by the schema: an array is not the expected object.
      expect(res.status).toBe(422);
      expect((res.json.detail as Array<{ type: string }>)[0]?.type).toBe('model_attributes_type');
    });
  });

  describe('item 9: full_name may not break lines', () => {
    it.each([
      ['a line feed', 'Alice\nVisit https://evil.example/'],
      ['a carriage return', 'Alice\r\nBcc: x@example.com'],
      ['a tab', 'Alice\tSmith'],
      ['a line separator', 'Alice\u2028Second line'],
      ['a paragraph separator', 'Alice\u2029Second paragraph'],
      ['an escape character', 'Alice\u001b[31m'],
    ])('register refuses %s with a 422 and stores nothing', async (_what, fullName) => {
      const res = await t.request('POST', '/api/auth/register', {
        json: { email: 'newcomer@example.com', password: 'hunter2hunter2', full_name: fullName },
      });
      expect(res.status).toBe(422);
      expect(res.json.detail).toEqual([
        {
          type: 'string_pattern_mismatch',
          loc: ['body', 'full_name'],
          msg: 'Input should not contain control characters or line breaks',
          input: fullName,
        },
      ]);
      expect(await t.rs.storage.users.getByEmail('newcomer@example.com')).toBeNull();
    });

    it('PATCH /me refuses a line break too, and keeps the old name', async () => {
      const res = await t.request('PATCH', '/api/auth/me', {
        token,
        json: { full_name: 'Owner\nSecond line' },
      });
      expect(res.status).toBe(422);
      expect((await t.rs.storage.users.getByEmail('owner@example.com'))?.fullName).toBe('Alice');
    });

    it('a name with spaces, accents and apostrophes is fine', async () => {
      const res = await t.request('PATCH', '/api/auth/me', {
        token,
        json: { full_name: "Zoë O'Brien-Łukasiewicz" },
      });
      expect(res.status).toBe(200);
      expect(res.json.full_name).toBe("Zoë O'Brien-Łukasiewicz");
    });
  });
});
