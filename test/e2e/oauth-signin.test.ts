/**
 * Signing in with an OpenID provider in a real browser: the login page's provider button,
 * the provider (panva's oidc-provider, auto-consenting), the callback, the oauth-complete
 * hand-off and the account page's connected accounts, with no console error or CSP report.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OidcTestProvider, startOidcTestProvider } from '../support/oidc-test-provider.js';
import { launchChromium, watchPage } from './browser.js';
import { type PageServer, startPageServer } from './page-server.js';

let browser: Browser;
let op: OidcTestProvider;
let server: PageServer;

beforeAll(async () => {
  op = await startOidcTestProvider({ redirectUris: [] });
  [browser, server] = await Promise.all([
    launchChromium(),
    startPageServer({
      enable_oauth: true,
      oauth: {
        providers: {
          acme: {
            display_name: 'Acme SSO',
            issuer: op.issuer,
            client_id: op.clientId,
            client_secret: op.clientSecret,
          },
        },
      },
    }),
  ]);
  op.setRedirectUris([`${server.url}/api/auth/oauth/acme/callback`]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await op?.close();
});

describe('OpenID Connect sign-in in a browser', () => {
  it('signs up from the login page, lands on the account page, and shows the connection', async () => {
    op.signInAs({ sub: 'browser-user', email: 'browser@example.com', email_verified: true });
    const context = await browser.newContext();
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}/account/login`);
    const button = page.locator('a[data-rs-oauth-link="acme"]');
    await expect(button.textContent()).resolves.toBe('Sign in with Acme SSO');
    await button.click();
    await page.waitForURL(`${server.url}/account/me`);
    await page
      .locator('[data-rs-field="email"]', { hasText: 'browser@example.com' })
      .waitFor({ timeout: 10_000 });
    await page.locator('[data-rs-oauth-section] summary').click();
    const row = page.locator('.rs-oauth-row', { hasText: 'Acme SSO' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('browser@example.com, linked');
    expect(watch.problems()).toEqual([]);

    // Signing in again in a fresh browser reaches the same account.
    const again = await browser.newContext();
    const second = await again.newPage();
    await second.goto(`${server.url}/account/register`);
    await second.locator('a[data-rs-oauth-link="acme"]').click();
    await second.waitForURL(`${server.url}/account/me`);
    const users = await server.rs.storage.users.getByEmail('browser@example.com');
    expect(users?.hashedPassword).toBeNull();
    expect(await server.rs.storage.oauthIdentities.listForUser(users?.id ?? '')).toHaveLength(1);
    await context.close();
    await again.close();
  });

  it('a callback error shows the mapped message on the login page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}/api/auth/oauth/acme/callback?code=x&state=not-a-state`);
    await page.waitForURL(/\/account\/login\?error=bad_state$/);
    await page.locator('[data-rs-message][data-rs-tone="error"]:not([hidden])').waitFor();
    expect(watch.problems()).toEqual([]);
    await context.close();
  });
});
