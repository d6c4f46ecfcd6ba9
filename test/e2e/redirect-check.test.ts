/**
 * Issue 21, item 10: the page script follows the `redirect_to` of an OAuth hand-off only when
 * it is a path of this origin that starts with a single "/". It used to let "/\evil.com"
 * through, which browsers read as "//evil.com". Driven in chromium through the real
 * oauth-complete page: the exchange answer is stubbed (the test controls `redirect_to`), and
 * the navigation that follows is recorded instead of loaded.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchPage } from './browser.js';
import { type PageServer, startPageServer } from './page-server.js';

let browser: Browser;
let server: PageServer;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), startPageServer()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

/** Opens oauth-complete with an exchange answering `redirectTo`; returns where the page went. */
async function followedTarget(redirectTo: unknown): Promise<string> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  const watch = watchPage(page);
  const navigations: string[] = [];
  await context.route('**/*', async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    if (url.pathname === '/api/auth/oauth/exchange') {
      await route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          access_token: 'stub',
          token_type: 'bearer',
          expires_in: 7200,
          was_new_account: false,
          redirect_to: redirectTo,
        }),
      });
      return;
    }
    if (request.isNavigationRequest() && url.pathname !== '/account/oauth-complete') {
      // Record where the page went, and never load it (nor reach another host).
      navigations.push(request.url());
      await route.fulfill({ status: 200, contentType: 'text/html', body: '<p>stub</p>' });
      return;
    }
    await route.continue();
  });
  await page.goto(`${server.url}/account/oauth-complete?id=handoff`);
  await expect.poll(() => navigations.length, { timeout: 5000 }).toBeGreaterThan(0);
  expect(watch.problems()).toEqual([]);
  return navigations[0] ?? '';
}

describe('the redirect check of the page script', () => {
  const REFUSED: ReadonlyArray<[string, unknown]> = [
    ['a backslash after the slash', '/\\evil.com'],
    ['a backslash first', '\\/evil.com'],
    ['a backslash later in the path', '/account\\..\\..\\evil.com'],
    ['a protocol-relative URL', '//evil.com/'],
    ['a tab inside the slashes', '/\t/evil.com'],
    ['a newline inside the slashes', '/\n/evil.com'],
    ['a NUL character', '/account/me\u0000'],
    ['an encoded double slash', '/%2f%2fevil.com'],
    ['an encoded double slash in capitals', '/%2F%2Fevil.com'],
    ['an encoded backslash', '/%5cevil.com'],
    ['an encoded backslash in capitals', '/%5Cevil.com'],
    ['a twice-encoded double slash', '/%252f%252fevil.com'],
    ['an encoded tab', '/%09/evil.com'],
    ['a malformed escape', '/account/%zz'],
    ['a javascript: URL', 'javascript:alert(document.domain)'],
    ['a mixed-case javascript: URL', 'JaVaScRiPt:alert(1)'],
    ['an https URL to another host', 'https://evil.com/account/me'],
    ['an https URL to this very origin', 'SELF'],
    ['a data: URL', 'data:text/html,<script>alert(1)</script>'],
    ['a bare host name', 'evil.com'],
    ['an empty string', ''],
    ['a number', 42],
    ['null', null],
  ];

  it.each(REFUSED)('refuses %s and goes to the account page', async (_name, target) => {
    const value = target === 'SELF' ? `${server.url}/account/me` : target;
    expect(await followedTarget(value)).toBe(`${server.url}/account/me`);
  });

  const ALLOWED: ReadonlyArray<[string, string]> = [
    ['a page path', '/account/me'],
    ['a path with a query', '/dashboard?tab=security&q=a%20b'],
    ['a path with a space', '/search?q=two words'],
    ['a path with a fragment', '/docs/start#install'],
    ['an encoded slash inside the path', '/files/a%2Fb'],
  ];

  it.each(ALLOWED)('follows %s', async (_name, target) => {
    // As the browser writes it: spaces escaped, and no fragment on the request.
    const expected = new URL(target, server.url);
    expected.hash = '';
    expect(await followedTarget(target)).toBe(expected.href);
  });
});
