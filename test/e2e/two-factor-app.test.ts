/**
 * The authenticator app and recovery codes in a real browser: enrolment from the account page
 * (QR code and key), the codes shown once, and the MFA page's choice between the app and a
 * recovery code. Codes are computed from the key the page shows, as an app would.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/crypto/totp.js';
import { launchChromium, pageOpener } from './browser.js';
import { type PageServer, startPageServer } from './page-server.js';

const PASSWORD = 'correct horse battery';
const STEP_MS = 30_000;

let browser: Browser;
let server: PageServer;
// A step that does not happen fails with its own name instead of the test's timeout.
const pages = pageOpener(() => browser, { timeoutMs: 5000 });
const openPage = pages.open;

beforeAll(async () => {
  [browser, server] = await Promise.all([
    launchChromium(),
    startPageServer({ require_verification: false, enable_totp: true }),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

afterEach(() => pages.closeAll());

async function register(email: string): Promise<void> {
  const response = await server.rs.fetch(
    new Request(`${server.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    }),
  );
  expect(response.status).toBe(201);
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${server.url}/account/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(`${server.url}/account/login`);
}

/** A new user, signed in on the account page, with an app enrolment started; returns its key. */
async function startEnrolment(page: Page, email: string): Promise<string> {
  await register(email);
  await signIn(page, email);
  await page.waitForURL(`${server.url}/account/me`);
  const section = page.locator('[data-rs-totp-section]');
  await section.locator('summary').click();
  await section.locator('[data-rs-totp-status]', { hasText: /^Off\./ }).waitFor();
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  return (await section.locator('[data-rs-totp-secret]', { hasText: /\S/ }).textContent()) ?? '';
}

describe('authenticator app and recovery codes in chromium', () => {
  it('enrols an app from the account page, then signs in with an app code and with a recovery code', async () => {
    const { page, watch } = await openPage();
    const email = 'ada@example.com';
    const secret = await startEnrolment(page, email);
    const section = page.locator('[data-rs-totp-section]');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // The QR code is the server's SVG, loaded as an image under the page's CSP.
    const qr = section.locator('img[data-rs-totp-qr]');
    await expect
      .poll(() => qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
      .toBeGreaterThan(0);

    await page.getByLabel('Code from the app').fill(totpCode(secret, Date.now()));
    await page.getByRole('button', { name: 'Turn on the authenticator app' }).click();
    const codes = page.locator('[data-rs-recovery-codes] li');
    await codes.first().waitFor();
    expect(await codes.count()).toBe(10);
    const recovery = (await codes.allTextContents()).map((code) => code.trim());
    await page
      .locator('[data-rs-recovery-status]', { hasText: '10 unused recovery codes left.' })
      .waitFor();
    await section.locator('[data-rs-totp-status]', { hasText: /^On\./ }).waitFor();

    // Sign-in: the app is offered first; the next time step's code is inside the drift
    // window and is not the step the enrolment spent.
    await signOut(page);
    await signIn(page, email);
    await page.waitForURL(`${server.url}/account/mfa-confirm`);
    const appChoice = page.getByLabel('My authenticator app');
    await expect.poll(() => appChoice.isChecked()).toBe(true);
    expect(await page.getByLabel('A recovery code').isVisible()).toBe(true);
    expect(await page.getByLabel('A text message code').count()).toBe(0);
    await page.getByLabel('Code from the app').fill(totpCode(secret, Date.now() + STEP_MS));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.waitForURL(`${server.url}/account/me`);
    await page.locator('[data-rs-field="email"]', { hasText: email }).waitFor();

    // A recovery code, chosen on the MFA page; it works once.
    await signOut(page);
    await signIn(page, email);
    await page.waitForURL(`${server.url}/account/mfa-confirm`);
    await page.getByLabel('A recovery code').check();
    await page.getByLabel('Recovery code', { exact: true }).fill(recovery[0] ?? '');
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.waitForURL(`${server.url}/account/me`);
    await page
      .locator('[data-rs-recovery-status]', { hasText: '9 unused recovery codes left.' })
      .waitFor({ state: 'attached' });

    // A fresh set replaces every code; then the app is turned off.
    await page.locator('[data-rs-recovery-section] summary').click();
    await page.locator('#rs-recovery-password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Replace every recovery code' }).click();
    await page
      .locator('[data-rs-recovery-status]', { hasText: '10 unused recovery codes left.' })
      .waitFor();
    const replaced = (await codes.allTextContents()).map((code) => code.trim());
    expect(replaced).toHaveLength(10);
    expect(replaced.filter((code) => recovery.includes(code))).toEqual([]);

    await section.locator('summary').click();
    await page.locator('#rs-totp-off-password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Turn off the authenticator app' }).click();
    await section
      .locator('[data-rs-totp-status]', { hasText: /^Off\./ })
      .waitFor({ state: 'attached' });
    expect(watch.problems()).toEqual([]);
  });

  it('a wrong app code shows the detail and the same page accepts the right one', async () => {
    const { page, watch } = await openPage();
    const secret = await startEnrolment(page, 'grace@example.com');
    const right = totpCode(secret, Date.now());
    await page.getByLabel('Code from the app').fill(right === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Turn on the authenticator app' }).click();
    await page
      .locator('[data-rs-message][data-rs-tone="error"]', { hasText: 'Wrong code.' })
      .waitFor();
    watch.allow(/status of 400/);
    await page.getByLabel('Code from the app').fill(totpCode(secret, Date.now()));
    await page.getByRole('button', { name: 'Turn on the authenticator app' }).click();
    await page.locator('[data-rs-recovery-codes] li').first().waitFor();
    expect(watch.problems()).toEqual([]);
  });
});
