// Advisory class 10: open redirects, a next/redirect_to-like parameter or a path that sends the browser to another origin (//evil, /\evil, javascript:, encoded forms).
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRegstack, HTTP_BACKENDS, type TestRegstack } from '../support/test-regstack.js';

/*
 * The server has no redirect parameter yet: the OAuth routes that take `redirect_to` (and
 * redirect on errors) are not mounted in this release, and the one redirect it makes is the
 * fixed `ui_prefix` → `ui_prefix/me`. So this file checks that no route turns a parameter or
 * a path into a Location, and that the pages' script, which follows the `redirect_to` of an
 * OAuth hand-off, refuses every hostile target (test/e2e/redirect-check.test.ts drives the
 * same check in chromium). When the OAuth routes land, their redirects belong here.
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
