// Advisory class 10: open redirects, a next/redirect_to-like parameter or a path that sends the browser to another origin (//evil, /\evil, javascript:, encoded forms).
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  callbackUri,
  createOAuthHarness,
  type OAuthHarness,
  runFlow,
} from '../support/oauth-flow.js';
import { type OidcTestProvider, startOidcTestProvider } from '../support/oidc-test-provider.js';
import { createTestRegstack, HTTP_BACKENDS, type TestRegstack } from '../support/test-regstack.js';

/*
 * With OAuth off, no route turns a parameter or a path into a Location (the one redirect is
 * the fixed `ui_prefix` → `ui_prefix/me`), and the pages' script, which follows the
 * `redirect_to` of an OAuth hand-off, refuses every hostile target
 * (test/e2e/redirect-check.test.ts drives the same check in chromium). With OAuth on, the
 * start route refuses every hostile `redirect_to`, and callback errors redirect to the own
 * sign-in page with a code of the spec's vocabulary, never the provider's text.
 */

const HOSTILE_TARGETS = [
  '//evil.example',
  '///evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  'https://evil.example',
  'HTTPS://evil.example',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'evil.example',
  '/%2f%2fevil.example',
  '/%2F%2Fevil.example',
  '/%5cevil.example',
  '/%252f%252fevil.example',
  '/%09/evil.example',
  '%2f%2fevil.example',
  'https:evil.example',
];

const PARAMETERS = [
  'next',
  'redirect_to',
  'redirect',
  'return_to',
  'returnTo',
  'continue',
  'url',
  'goto',
  'redirect_uri',
];

describe('class 10: the pages script follows only same-origin paths', () => {
  const source = readFileSync(new URL('../../static/js/regstack.js', import.meta.url), 'utf8');

  /** The script's own `safeRedirect`, evaluated as a browser would load it, on a page with no id. */
  function safeRedirect(target: unknown): string {
    const sandbox = {
      document: { body: { getAttribute: () => null }, querySelector: () => null },
      window: { location: { origin: 'https://accounts.example.com' } },
      URL,
      target,
      result: '',
    };
    runInNewContext(`${source}\nresult = safeRedirect(target);`, sandbox);
    return sandbox.result;
  }

  it.each(HOSTILE_TARGETS)('%j lands on the account page', (target) => {
    expect(safeRedirect(target)).toBe('/account/me');
  });

  it.each([null, undefined, 42, ['/me'], { href: '/me' }])(
    'a %j target lands on the account page',
    (target) => {
      expect(safeRedirect(target)).toBe('/account/me');
    },
  );

  it.each(['/account/login?x=1', '/dashboard?tab=1', '/a/b#c', '/%E2%9C%93'])(
    '%j is followed',
    (target) => {
      expect(safeRedirect(target)).toBe(target);
    },
  );
});

describe.each(HTTP_BACKENDS)('class 10: no route redirects off-site on %s', (backend) => {
  let t: TestRegstack;
  beforeAll(async () => {
    t = await createTestRegstack({ backend, config: { enable_ui_router: true } });
  });
  afterAll(async () => {
    await t.close();
  });

  const PAGES = [
    '/account',
    '/account/',
    '/account/login',
    '/account/register',
    '/account/me',
    '/account/reset',
    '/account/verify',
    '/account/oauth-complete',
    '/account/nope',
  ];

  async function page(path: string): Promise<Response> {
    return t.rs.ui.app.request(`http://localhost:8000${path}`);
  }

  it.each(PAGES)(
    '%s with a hostile target in every parameter redirects nowhere but /account/me',
    async (path) => {
      for (const target of HOSTILE_TARGETS) {
        const query = PARAMETERS.map((name) => `${name}=${encodeURIComponent(target)}`).join('&');
        const res = await page(`${path}?${query}`);
        const location = res.headers.get('location');
        expect(location === null || location === '/account/me', `${path} → ${location}`).toBe(true);
        expect(res.status).toBeLessThan(500);
      }
    },
  );

  it('the fixed redirect really is one, so the check above can fail', async () => {
    const res = await page('/account?next=//evil.example');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/account/me');
  });

  it.each([
    '//evil.example/account',
    '/account//evil.example',
    '/account/%2f%2fevil.example',
    '/account/%5cevil.example',
    '/account/..%2f..%2fevil.example',
    '/account/\\evil.example',
    '/static/..%2f..%2f',
  ])('the path %s redirects nowhere off-site', async (path) => {
    const res = await page(path);
    const location = res.headers.get('location');
    expect(location === null || location === '/account/me', `${path} → ${location}`).toBe(true);
  });

  it.each([
    ['GET', '/api/auth/me'],
    ['POST', '/api/auth/login'],
    ['POST', '/api/auth/logout'],
    ['POST', '/api/auth/verify'],
    ['POST', '/api/auth/reset-password'],
    ['POST', '/api/auth/confirm-email-change'],
    ['GET', '/api/auth/oauth/google/callback'],
    ['GET', '/api/auth/oauth/google/start'],
  ])('API %s %s never answers with a Location', async (method, path) => {
    for (const target of HOSTILE_TARGETS.slice(0, 8)) {
      const query = PARAMETERS.map((name) => `${name}=${encodeURIComponent(target)}`).join('&');
      const res = await t.request(
        method,
        `${path}?${query}`,
        method === 'POST' ? { json: {} } : {},
      );
      expect(res.headers.get('location')).toBeNull();
      expect(res.status).not.toBe(302);
      expect(res.status).toBeLessThan(500);
    }
  });
});

describe.each(HTTP_BACKENDS)('OAuth redirects on %s', (backend) => {
  let op: OidcTestProvider;
  let h: OAuthHarness;
  beforeAll(async () => {
    op = await startOidcTestProvider({ redirectUris: [callbackUri('acme')] });
    h = await createOAuthHarness({
      backend,
      config: {
        oauth: {
          providers: {
            acme: { issuer: op.issuer, client_id: op.clientId, client_secret: op.clientSecret },
          },
        },
      },
    });
  });
  afterAll(async () => {
    await h.t.close();
    await op.close();
  });

  it.each(HOSTILE_TARGETS)(
    'start refuses redirect_to=%j with a 400, never a Location',
    async (target) => {
      const res = await h.t.request(
        'GET',
        `/api/auth/oauth/acme/start?redirect_to=${encodeURIComponent(target)}`,
      );
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
    },
  );

  it('an error at the callback redirects to the own sign-in page with a code from the spec only', async () => {
    for (const query of [
      'error=access_denied&error_description=https%3A%2F%2Fevil.example',
      'state=forged&code=x',
      'code=x',
      `state=${encodeURIComponent('//evil.example')}&code=x`,
    ]) {
      const res = await h.t.request('GET', `/api/auth/oauth/acme/callback?${query}`);
      expect(res.status, query).toBe(302);
      const location = new URL(res.headers.get('location') ?? '', APP_ORIGIN);
      expect(location.origin, query).toBe(APP_ORIGIN);
      expect(location.pathname, query).toBe('/account/login');
      expect(location.searchParams.get('error'), query).toMatch(/^[a-z_]+$/);
      expect(res.headers.get('location'), query).not.toContain('evil');
    }
  });

  it('a completed flow hands off a same-origin redirect_to only', async () => {
    op.signInAs({ sub: 'ivy-1', email: 'ivy@example.com', email_verified: true });
    const flow = await runFlow(
      h.browser,
      `${APP_ORIGIN}/api/auth/oauth/acme/start?redirect_to=${encodeURIComponent('/app/home')}`,
    );
    expect(flow.landed.origin).toBe(APP_ORIGIN);
    const exchanged = await h.t.request('POST', '/api/auth/oauth/exchange', {
      json: { id: flow.id },
    });
    expect(exchanged.json.redirect_to).toBe('/app/home');
  });
});
