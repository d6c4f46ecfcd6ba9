import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRegstack, type TestRegstack } from '../support/test-regstack.js';

describe('the OpenAPI document', () => {
  let t: TestRegstack;
  beforeAll(async () => {
    t = await createTestRegstack({ config: { enable_password_reset: true } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('is OpenAPI 3.1 and lists every mounted route with its method', async () => {
    const res = await t.request('GET', '/api/auth/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.json as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    const listed = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(listed).toEqual(
      [
        'POST /register',
        'POST /verify',
        'POST /resend-verification',
        'POST /login',
        'POST /login/mfa-confirm',
        'POST /login/mfa-passkey/start',
        'POST /logout',
        'GET /me',
        'PATCH /me',
        'GET /sessions',
        'DELETE /sessions/{session_id}',
        'POST /sessions/revoke-others',
        'GET /audit',
        'POST /change-password',
        'POST /change-email',
        'POST /confirm-email-change',
        'DELETE /account',
        'POST /forgot-password',
        'POST /reset-password',
      ].sort(),
    );
  });

  it('describes request bodies from the validating schemas', async () => {
    const res = await t.request('GET', '/api/auth/openapi.json');
    const doc = res.json as {
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: {
              content: Record<
                string,
                {
                  schema: {
                    properties?: Record<string, unknown>;
                    required?: string[];
                    additionalProperties?: unknown;
                  };
                }
              >;
            };
          }
        >
      >;
    };
    const register = doc.paths['/register']?.post?.requestBody?.content['application/json']?.schema;
    expect(Object.keys(register?.properties ?? {}).sort()).toEqual([
      'email',
      'full_name',
      'password',
    ]);
    expect(register?.required?.sort()).toEqual(['email', 'password']);
    expect(register?.additionalProperties).toBe(false);
  });

  it('every documented route answers something other than 404 or 405', async () => {
    const res = await t.request('GET', '/api/auth/openapi.json');
    const doc = res.json as { paths: Record<string, Record<string, unknown>> };
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops)) {
        const answer = await t.request(
          method.toUpperCase(),
          `/api/auth${path}`,
          method === 'get' ? {} : { json: {} },
        );
        expect([404, 405]).not.toContain(answer.status);
      }
    }
  });
});

describe('the OpenAPI document with enable_totp', () => {
  it('lists the authenticator app and recovery code routes', async () => {
    const t = await createTestRegstack({ config: { enable_totp: true } });
    try {
      const doc = (await t.request('GET', '/api/auth/openapi.json')).json as {
        paths: Record<string, Record<string, { security?: unknown }>>;
      };
      const listed = Object.entries(doc.paths)
        .filter(([path]) => path.startsWith('/totp') || path.startsWith('/recovery-codes'))
        .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
        .sort();
      expect(listed).toEqual(
        [
          'GET /totp',
          'POST /totp/start',
          'POST /totp/confirm',
          'POST /totp/disable',
          'GET /recovery-codes',
          'POST /recovery-codes/regenerate',
        ].sort(),
      );
      expect(doc.paths['/totp/start']?.post?.security).toEqual([{ bearerAuth: [] }]);
    } finally {
      await t.close();
    }
  });
});

describe('the OpenAPI document with enable_passkeys', () => {
  it('lists the passkey routes, the account ones secured', async () => {
    const t = await createTestRegstack({ config: { enable_passkeys: true } });
    try {
      const doc = (await t.request('GET', '/api/auth/openapi.json')).json as {
        paths: Record<string, Record<string, { security?: unknown }>>;
      };
      const listed = Object.entries(doc.paths)
        .filter(([path]) => path.startsWith('/passkeys'))
        .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
        .sort();
      expect(listed).toEqual(
        [
          'POST /passkeys/register/start',
          'POST /passkeys/register/finish',
          'GET /passkeys',
          'PATCH /passkeys/{passkey_id}',
          'DELETE /passkeys/{passkey_id}',
          'POST /passkeys/login/start',
          'POST /passkeys/login/finish',
        ].sort(),
      );
      expect(doc.paths['/passkeys']?.get?.security).toEqual([{ bearerAuth: [] }]);
      expect(doc.paths['/passkeys/login/start']?.post?.security).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
