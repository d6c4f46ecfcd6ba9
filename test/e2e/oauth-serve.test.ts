/**
 * `regstack serve` configured with nothing but an `[oauth.providers.acme]` table pointed at a
 * running OpenID provider (and the flags that turn OAuth and the pages on): a person signs
 * in through `/account/login` in chromium.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, ensureBuilt, killLeftovers, spawnBin } from '../cli/serve-process.js';
import { type OidcTestProvider, startOidcTestProvider } from '../support/oidc-test-provider.js';
import { launchChromium, watchPage } from './browser.js';

const dir = mkdtempSync(join(tmpdir(), 'regstack-oauth-serve-'));
let browser: Browser;
let op: OidcTestProvider;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

beforeAll(async () => {
  ensureBuilt();
  [browser, op] = await Promise.all([
    launchChromium(),
    startOidcTestProvider({ redirectUris: [] }),
  ]);
});
afterAll(async () => {
  killLeftovers();
  await browser?.close();
  await op?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('regstack serve with an OpenID provider table', () => {
  it('signs a person in through /account/login', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    op.setRedirectUris([`${base}/api/auth/oauth/acme/callback`]);
    writeFileSync(
      join(dir, 'regstack.toml'),
      `base_url = "${base}"
enable_ui_router = true
enable_oauth = true

[oauth.providers.acme]
display_name = "Acme SSO"
issuer = "${op.issuer}"
client_id = "${op.clientId}"
`,
    );
    const server = spawnBin(['serve', '--port', String(port)], {
      cwd: dir,
      env: cleanEnv(dir, {
        REGSTACK_JWT_SECRET: 'oauth-serve-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz',
        REGSTACK_OAUTH__PROVIDERS__ACME__CLIENT_SECRET: op.clientSecret,
      }),
    });
    try {
      await server.waitForStderr(/^regstack serving /m);
      op.signInAs({ sub: 'serve-user', email: 'serve@example.com', email_verified: true });
      const context = await browser.newContext();
      const page = await context.newPage();
      const watch = watchPage(page);
      await page.goto(`${base}/account/login`);
      await page.locator('a[data-rs-oauth-link="acme"]', { hasText: 'Acme SSO' }).click();
      await page.waitForURL(`${base}/account/me`);
      await page
        .locator('[data-rs-field="email"]', { hasText: 'serve@example.com' })
        .waitFor({ timeout: 10_000 });
      expect(watch.problems()).toEqual([]);
      await context.close();
    } finally {
      server.kill();
      await server.exited;
    }
  });
});
