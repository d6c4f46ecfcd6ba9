import { afterEach, describe, expect, it } from 'vitest';
import type { OAuthProvider } from '../../src/oauth/provider.js';
import { createTestRegstack, type TestRegstack } from '../support/test-regstack.js';

const fakeProvider = (name: string, displayName: string): OAuthProvider => ({
  name,
  displayName,
  authorizationUrl: async () => 'https://idp.example/authorize',
  exchangeCode: async () => ({ accessToken: 'a', idToken: null, refreshToken: null }),
  verifyIdToken: async () => ({
    subjectId: 's',
    email: null,
    emailVerified: false,
    fullName: null,
    pictureUrl: null,
  }),
});

describe('OAuth on the pages and in the OpenAPI document', () => {
  let t: TestRegstack;
  afterEach(async () => {
    await t.close();
  });

  async function withProviders(enable: boolean): Promise<void> {
    t = await createTestRegstack({
      config: {
        enable_oauth: enable,
        oauth: {
          providers: {
            acme: {
              display_name: 'Acme SSO',
              issuer: 'https://login.acme.example',
              client_id: 'a',
              client_secret: 'b',
            },
            gitlab: { issuer: 'https://gitlab.example', client_id: 'a', client_secret: 'b' },
          },
        },
      },
    });
    t.rs.oauth.register(fakeProvider('acme', 'Acme SSO'));
    t.rs.oauth.register(fakeProvider('gitlab', 'gitlab'));
  }

  async function page(path: string): Promise<string> {
    return (await t.rs.ui.app.fetch(new Request(`http://localhost:8000${path}`))).text();
  }

  it('puts one button per provider on the sign-in and create-account pages', async () => {
    await withProviders(true);
    const login = await page('/account/login');
    expect(login).toContain(
      'data-rs-oauth-link="acme" href="/api/auth/oauth/acme/start">Sign in with Acme SSO</a>',
    );
    expect(login).toContain(
      'data-rs-oauth-link="gitlab" href="/api/auth/oauth/gitlab/start">Sign in with gitlab</a>',
    );
    const register = await page('/account/register');
    expect(register).toContain('Continue with Acme SSO');
    expect(register).toContain('data-rs-oauth-block');
    expect(register).not.toContain('<script>');
    expect(await page('/account/me')).toContain('data-rs-oauth-section');
  });

  it('shows no buttons and mounts no routes with enable_oauth off', async () => {
    await withProviders(false);
    expect(await page('/account/login')).not.toContain('data-rs-oauth-block');
    expect(await page('/account/register')).not.toContain('data-rs-oauth-block');
    const res = await t.request('GET', '/api/auth/oauth/acme/start');
    expect(res.status).toBe(404);
    expect(res.json.detail).toBe('Not Found');
  });

  it('lists the OAuth routes in the OpenAPI document when enable_oauth is on', async () => {
    await withProviders(true);
    const doc = (await t.request('GET', '/api/auth/openapi.json')).json as {
      paths: Record<string, Record<string, unknown>>;
    };
    const listed = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`))
      .filter((entry) => entry.includes('/oauth'))
      .sort();
    expect(listed).toEqual(
      [
        'GET /oauth/providers',
        'POST /oauth/exchange',
        'GET /oauth/{provider}/start',
        'GET /oauth/{provider}/callback',
        'POST /oauth/{provider}/link/start',
        'DELETE /oauth/{provider}/link',
      ].sort(),
    );
  });
});
