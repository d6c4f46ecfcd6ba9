/**
 * The account pages in a real browser (Debian's chromium), against a real listening server on
 * SQLite with email going through SMTP to a real sink. Every page must run without a console
 * error, an uncaught exception or a Content-Security-Policy report, unless a test provokes one
 * on purpose and says so.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, listenLocal } from '../support/listen.js';
import { type BrowserGlobals, launchChromium, pageOpener } from './browser.js';
import { type PageServer, startPageServer } from './page-server.js';

const PASSWORD = 'correct horse battery';
const PHONE = '+14155552671';

let browser: Browser;
let server: PageServer;
const pages = pageOpener(() => browser);
const openPage = pages.open;

beforeAll(async () => {
  [browser, server] = await Promise.all([
    launchChromium(),
    startPageServer({ require_verification: true, enable_sms_2fa: true }),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

afterEach(() => pages.closeAll());

/** Waits until the message area shows text in `tone`, and returns that text. */
async function message(page: Page, tone: 'success' | 'error', text?: string | RegExp) {
  const locator = page.locator(`[data-rs-message][data-rs-tone="${tone}"]:not([hidden])`, {
    hasText: text ?? /\S/,
  });
  await locator.waitFor({ timeout: 5000 });
  return (await locator.textContent()) ?? '';
}

async function field(page: Page, name: string): Promise<string> {
  return (await page.locator(`[data-rs-field="${name}"]`).textContent()) ?? '';
}

async function storedToken(page: Page): Promise<string | null> {
  return page.evaluate(() =>
    (globalThis as unknown as BrowserGlobals).localStorage.getItem('regstack.access_token'),
  );
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${server.url}/account/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function registerVerified(email: string, fullName: string | null = null): Promise<string> {
  const before = server.sink.messages.length;
  const response = await server.rs.fetch(
    new Request(`${server.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD, full_name: fullName }),
    }),
  );
  expect(response.status).toBe(201);
  const link = await server.emailLink(before + 1);
  const token = new URL(link).searchParams.get('token');
  const verified = await server.rs.fetch(
    new Request(`${server.url}/api/auth/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    }),
  );
  expect(verified.status).toBe(200);
  const body = (await verified.json()) as { _id: string };
  return body._id;
}

async function apiMe(token: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await server.rs.fetch(
    new Request(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } }),
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('account pages in chromium', () => {
  it('register → emailed link → verify page → sign in → change name → sign out', async () => {
    const { page, watch } = await openPage();
    const email = 'ada@example.com';
    const before = server.sink.messages.length;

    await page.goto(`${server.url}/account/register`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Full name').fill('Ada');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    expect(await message(page, 'success')).toContain(`check ${email} for a verification link`);

    const link = await server.emailLink(before + 1);
    expect(server.sink.messages[before]?.envelopeTo).toEqual([email]);
    expect(link.startsWith(`${server.url}/account/verify?token=`)).toBe(true);
    await page.goto(link);
    await page.locator('[data-rs-status="success"]').waitFor();
    expect(await page.locator('[data-rs-status]').textContent()).toBe(
      'Email confirmed — you can sign in.',
    );

    await page.getByRole('link', { name: 'Go to sign in' }).click();
    await page.waitForURL(`${server.url}/account/login`);
    await signIn(page, email, PASSWORD);
    await page.waitForURL(`${server.url}/account/me`);
    await page.locator('[data-rs-field="email"]', { hasText: email }).waitFor();
    expect(await field(page, 'full_name')).toBe('Ada');
    expect(await field(page, 'is_verified')).toBe('Yes');

    await page.getByText('Profile', { exact: true }).click();
    await page.getByLabel('Full name').fill('Ada Lovelace');
    await page.getByRole('button', { name: 'Save name' }).click();
    expect(await message(page, 'success')).toBe('Your name has been saved.');
    expect(await field(page, 'full_name')).toBe('Ada Lovelace');
    const token = await storedToken(page);
    if (token === null) throw new Error('no stored token');
    expect((await apiMe(token)).body.full_name).toBe('Ada Lovelace');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${server.url}/account/login`);
    expect(await message(page, 'success')).toBe('You have been signed out.');
    expect(await storedToken(page)).toBeNull();
    const revoked = await apiMe(token);
    expect(revoked).toEqual({ status: 401, body: { detail: 'Token has been revoked.' } });
    expect(watch.problems()).toEqual([]);
  });

  it('forgot → emailed link → reset page → sign in with the new password', async () => {
    const { page, watch } = await openPage();
    const email = 'grace@example.com';
    await registerVerified(email);
    const before = server.sink.messages.length;

    await page.goto(`${server.url}/account/forgot`);
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    expect(await message(page, 'success')).toMatch(/^If an account exists for that email/);

    const link = await server.emailLink(before + 1);
    expect(link.startsWith(`${server.url}/account/reset?token=`)).toBe(true);
    await page.goto(link);
    await page.getByLabel('New password').fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Save new password' }).click();
    expect(await message(page, 'success')).toMatch(/^Your password has been changed/);
    await page.waitForURL(`${server.url}/account/login`);
    expect(await message(page, 'success')).toBe(
      'Your password has been changed. Sign in with the new one.',
    );

    await signIn(page, email, PASSWORD);
    expect(await message(page, 'error')).toBe('Invalid email or password.');
    watch.allow(/status of 401/);
    await page.getByLabel('Password', { exact: true }).fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/account/me`);
    await page.locator('[data-rs-field="email"]', { hasText: email }).waitFor();
    expect(watch.problems()).toEqual([]);
  });

  it('two-factor sign-in with the code from the null SMS outbox; a wrong code shows the detail', async () => {
    const { page, watch } = await openPage();
    const email = 'katherine@example.com';
    const id = await registerVerified(email);
    await server.rs.storage.users.setPhoneAndMfa(id, PHONE, true);
    const before = server.smsOutbox.length;

    await signIn(page, email, PASSWORD);
    await page.waitForURL(`${server.url}/account/mfa-confirm`);
    const pending = await page.evaluate(() =>
      (globalThis as unknown as BrowserGlobals).sessionStorage.getItem('regstack.mfa_pending'),
    );
    expect(pending).toMatch(/^ey/);
    const sms = server.smsOutbox[before];
    expect(sms?.to).toBe(PHONE);
    const code = /\b(\d{6})\b/.exec(sms?.body ?? '')?.[1];
    if (code === undefined) throw new Error('no code in the SMS');

    await page.getByLabel('Code').fill(code === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    expect(await message(page, 'error')).toMatch(/^Wrong code/);
    watch.allow(/status of 400/);

    await page.getByLabel('Code').fill(code);
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.waitForURL(`${server.url}/account/me`);
    await page.locator('[data-rs-field="email"]', { hasText: email }).waitFor();
    expect(
      await page.evaluate(() =>
        (globalThis as unknown as BrowserGlobals).sessionStorage.getItem('regstack.mfa_pending'),
      ),
    ).toBeNull();
    await page.locator('[data-rs-mfa-status]', { hasText: PHONE }).waitFor({ state: 'attached' });
    expect(watch.problems()).toEqual([]);
  });

  it('turns two-factor sign-in on with a texted code from the account page, then off', async () => {
    const { page, watch } = await openPage();
    const email = 'dorothy@example.com';
    await registerVerified(email);
    await signIn(page, email, PASSWORD);
    await page.waitForURL(`${server.url}/account/me`);
    await page.locator('[data-rs-mfa-status]', { hasText: /^Off/ }).waitFor({ state: 'attached' });

    await page.getByText('Two-factor sign-in', { exact: true }).click();
    const before = server.smsOutbox.length;
    await page.getByLabel('Mobile number').fill(PHONE);
    await page
      .locator('[data-rs-form="phone-setup-start"] [name="current_password"]')
      .fill(PASSWORD);
    await page.getByRole('button', { name: 'Text me a code' }).click();
    expect(await message(page, 'success')).toBe(`We sent a code to ${PHONE}. Enter it below.`);
    const code = /\b(\d{6})\b/.exec(server.smsOutbox[before]?.body ?? '')?.[1] ?? '';
    await page.getByLabel('Code from the text message').fill(code);
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    expect(await message(page, 'success')).toBe('Two-factor sign-in is on.');

    // The page reloads after a moment and shows the new state.
    await page
      .locator('[data-rs-mfa-status]', { hasText: `On. Sign-in codes are sent to ${PHONE}.` })
      .waitFor({ state: 'attached' });
    await page.getByText('Two-factor sign-in', { exact: true }).click();
    await page.locator('[data-rs-form="mfa-disable"] [name="current_password"]').fill(PASSWORD);
    await page.getByRole('button', { name: 'Turn off two-factor sign-in' }).click();
    expect(await message(page, 'success')).toBe('Two-factor sign-in is off.');
    await page.locator('[data-rs-mfa-status]', { hasText: /^Off/ }).waitFor({ state: 'attached' });
    const user = await server.rs.storage.users.getByEmail(email);
    expect(user?.isMfaEnabled).toBe(false);
    expect(watch.problems()).toEqual([]);
  });

  it('changes the email through the emailed confirmation link, then deletes the account', async () => {
    const { page, watch } = await openPage();
    const email = 'hedy@example.com';
    const newEmail = 'hedy.lamarr@example.com';
    await registerVerified(email);
    await signIn(page, email, PASSWORD);
    await page.waitForURL(`${server.url}/account/me`);

    const before = server.sink.messages.length;
    await page.getByText('Email address', { exact: true }).click();
    await page.getByLabel('New email').fill(newEmail);
    await page.locator('[data-rs-form="change-email"] [name="current_password"]').fill(PASSWORD);
    await page.getByRole('button', { name: 'Send confirmation link' }).click();
    expect(await message(page, 'success')).toMatch(new RegExp(`^Confirmation sent to ${newEmail}`));

    // First a notice to the current address (with a reset link), then the confirmation.
    const notice = await server.emailLink(before + 1);
    expect(server.sink.messages[before]?.envelopeTo).toEqual([email]);
    expect(notice.startsWith(`${server.url}/account/reset?token=`)).toBe(true);
    const link = await server.emailLink(before + 2);
    expect(server.sink.messages[before + 1]?.envelopeTo).toEqual([newEmail]);
    expect(link.startsWith(`${server.url}/account/confirm-email-change?token=`)).toBe(true);
    await page.goto(link);
    await page.locator('[data-rs-status="success"]').waitFor();
    expect(await storedToken(page)).toBeNull();

    await signIn(page, newEmail, PASSWORD);
    await page.waitForURL(`${server.url}/account/me`);
    await page.locator('[data-rs-field="email"]', { hasText: newEmail }).waitFor();

    await page.getByText('Delete account', { exact: true }).click();
    await page.locator('[data-rs-form="delete-account"] [name="current_password"]').fill(PASSWORD);
    const dialogs: string[] = [];
    page.once('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await page.waitForURL(`${server.url}/account/login`);
    expect(dialogs).toEqual(['Delete your account for good? This cannot be undone.']);
    expect(await message(page, 'success')).toBe('Your account has been deleted.');
    expect(await server.rs.storage.users.getByEmail(newEmail)).toBeNull();
    expect(watch.problems()).toEqual([]);
  });

  it('changing the password signs every session out; the new password works', async () => {
    const { page, watch } = await openPage();
    const email = 'barbara@example.com';
    await registerVerified(email);
    await signIn(page, email, PASSWORD);
    await page.waitForURL(`${server.url}/account/me`);
    const token = await storedToken(page);

    await page.getByText('Password', { exact: true }).click();
    await page.getByLabel('Current password').first().fill(PASSWORD);
    await page.getByLabel('New password').fill('another long passphrase');
    await page.getByRole('button', { name: 'Change password' }).click();
    expect(await message(page, 'success')).toMatch(/^Password changed/);
    await page.waitForURL(`${server.url}/account/login`);
    expect((await apiMe(token ?? '')).status).toBe(401);

    await signIn(page, email, 'another long passphrase');
    await page.waitForURL(`${server.url}/account/me`);
    expect(watch.problems()).toEqual([]);
  });

  it('lists the signed-in devices and revokes another one from the account page', async () => {
    const { page, watch } = await openPage();
    const email = 'dora@example.com';
    await registerVerified(email);
    const other = await server.rs.fetch(
      new Request(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'OtherDevice/1.0' },
        body: JSON.stringify({ email, password: PASSWORD }),
      }),
    );
    const otherToken = String(((await other.json()) as { access_token: string }).access_token);
    await signIn(page, email, PASSWORD);
    await page.waitForURL(`${server.url}/account/me`);

    await page.getByText('Signed-in devices', { exact: true }).click();
    const row = page.locator('[data-rs-sessions-list] li', { hasText: 'OtherDevice/1.0' });
    await row.waitFor({ timeout: 5000 });
    await expect.poll(() => page.locator('[data-rs-sessions-list] li').count()).toBe(2);
    await row.getByRole('button', { name: 'Revoke' }).click();
    expect(await message(page, 'success')).toBe('That device has been signed out.');
    expect((await apiMe(otherToken)).status).toBe(401);
    expect((await apiMe((await storedToken(page)) ?? '')).status).toBe(200);
    await expect.poll(() => page.locator('[data-rs-sessions-list] li').count()).toBe(1);

    // The audit log, as the account page shows it: both sign-ins, newest first.
    await page.getByText('Recent security activity', { exact: true }).click();
    const signIns = page.locator('[data-rs-activity="login.succeeded"]');
    await expect.poll(() => signIns.count()).toBe(2);
    expect(await signIns.first().locator('.rs-oauth-row-label').textContent()).toBe('Signed in');
    expect(watch.problems()).toEqual([]);
  });

  it('says what is wrong with missing or bad links, 404s unknown pages, gates the account page', async () => {
    const { page, watch } = await openPage();
    watch.allow(/status of (400|404)/);

    await page.goto(`${server.url}/account/verify`);
    await page.locator('[data-rs-status="error"]').waitFor();
    expect(await page.locator('[data-rs-status]').textContent()).toBe(
      'Missing verification token.',
    );

    await page.goto(`${server.url}/account/verify?token=not-a-real-token`);
    await page.locator('[data-rs-status="error"]').waitFor();
    expect(await page.locator('[data-rs-status]').textContent()).toBe(
      'Verification token is invalid or has expired.',
    );

    await page.goto(`${server.url}/account/confirm-email-change`);
    await page
      .locator('[data-rs-status="error"]', { hasText: /^Missing confirmation token/ })
      .waitFor();

    await page.goto(`${server.url}/account/reset`);
    await page.locator('[data-rs-missing-token]:not([hidden])').waitFor();
    expect(await page.getByLabel('New password').isDisabled()).toBe(true);

    await page.goto(`${server.url}/account/reset?token=forged`);
    await page.getByLabel('New password').fill('whatever it is now');
    await page.getByRole('button', { name: 'Save new password' }).click();
    expect(await message(page, 'error')).toBe('Reset token is invalid or has expired.');

    await page.goto(`${server.url}/account/oauth-complete`);
    await page.locator('[data-rs-status="error"]', { hasText: 'missing its id' }).waitFor();
    await page.goto(`${server.url}/account/oauth-complete?id=unknown`);
    await page.locator('[data-rs-status="error"]', { hasText: 'Please start again' }).waitFor();

    await page.goto(`${server.url}/account/login?error=state_expired`);
    expect(await message(page, 'error')).toMatch(/expired/);
    await page.goto(`${server.url}/account/login?error=something_new`);
    expect(await message(page, 'error')).toBe('Sign-in failed (something_new).');

    const missing = await page.goto(`${server.url}/account/no-such-page`);
    expect(missing?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Page not found');

    await page.goto(`${server.url}/account/mfa-confirm`);
    await page.waitForURL(`${server.url}/account/login`);
    await page.goto(`${server.url}/account/me`);
    await page.waitForURL(`${server.url}/account/login`);
    expect(watch.problems()).toEqual([]);
  });

  it('is usable from the keyboard alone', async () => {
    const { page, watch } = await openPage();
    const email = 'alan@example.com';
    await registerVerified(email);
    await page.goto(`${server.url}/account/login`);
    // Skip link, then the brand, then the form's fields in order.
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(
        () => (globalThis as unknown as BrowserGlobals).document.activeElement?.textContent,
      ),
    ).toBe('Skip to content');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(() =>
        (globalThis as unknown as BrowserGlobals).document.activeElement?.getAttribute('name'),
      ),
    ).toBe('email');
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(() =>
        (globalThis as unknown as BrowserGlobals).document.activeElement?.getAttribute('name'),
      ),
    ).toBe('password');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/account/me`);
    expect(watch.problems()).toEqual([]);
  });
});

describe('host customisation in chromium', () => {
  let host: PageServer;
  let themeServer: LocalServer;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'regstack-host-'));
    const templates = join(dir, 'templates');
    const assets = join(dir, 'static');
    mkdirSync(join(templates, 'auth'), { recursive: true });
    mkdirSync(join(assets, 'css'), { recursive: true });
    // The host's login page: its own words around the same data-rs-* form, and an inline
    // script that the page's CSP must refuse to run.
    writeFileSync(
      join(templates, 'auth', 'login.html'),
      `{% layout "base.html" %}
{% block title %}Acme sign-in{% endblock %}
{% block content %}
<h1 class="rs-title">Welcome back to Acme</h1>
<script>document.title = 'inline script ran';</script>
<form class="rs-form" data-rs-form="login" method="post">
<label class="rs-label" for="e">Work email</label><input id="e" name="email" type="email" required>
<label class="rs-label" for="p">Passphrase</label><input id="p" name="password" type="password" required>
<button class="rs-btn rs-btn-primary" type="submit">Continue</button>
</form>
{% endblock %}`,
    );
    // A host file at the bundled path wins (Decision 10).
    writeFileSync(join(assets, 'css', 'theme.css'), ':root { --rs-accent: rgb(15, 118, 110); }\n');
    themeServer = await listenLocal((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/css' });
      response.end(':root { --rs-radius: 13px; }\n');
    });
    host = await startPageServer({
      extra_template_dirs: [templates],
      extra_static_dirs: [assets],
      theme_css_url: `${themeServer.url}/brand.css`,
    });
  });

  afterAll(async () => {
    await host?.close();
    await themeServer?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the host template and assets, loads the cross-origin theme, and blocks inline script', async () => {
    const { page, watch } = await openPage();
    const response = await page.goto(`${host.url}/account/login`);
    expect(response?.headers()['content-security-policy']).toContain(
      `style-src 'self' ${themeServer.url}`,
    );
    expect(await page.locator('h1').textContent()).toBe('Welcome back to Acme');
    expect(await page.title()).toBe('Acme sign-in');
    const button = page.getByRole('button', { name: 'Continue' });
    await page.waitForFunction(
      () => (globalThis as unknown as BrowserGlobals).document.readyState === 'complete',
    );
    expect(
      await button.evaluate(
        (el) => (globalThis as unknown as BrowserGlobals).getComputedStyle(el).backgroundColor,
      ),
    ).toBe('rgb(15, 118, 110)');
    expect(
      await button.evaluate(
        (el) => (globalThis as unknown as BrowserGlobals).getComputedStyle(el).borderRadius,
      ),
    ).toBe('13px');
    expect(watch.seen.some((entry) => /Content Security Policy.*script-src/s.test(entry))).toBe(
      true,
    );
    watch.allow(/Content Security Policy.*script-src 'self'/s);

    // Pages the host did not override still come from the bundle.
    await page.goto(`${host.url}/account/register`);
    expect(await page.locator('h1').textContent()).toBe('Create your account');

    // The bundled script still drives the host's form.
    await page.goto(`${host.url}/account/login`);
    await registerVerifiedOn(host, 'joan@example.com');
    await page.getByLabel('Work email').fill('joan@example.com');
    await page.getByLabel('Passphrase').fill(PASSWORD);
    await button.click();
    await page.waitForURL(`${host.url}/account/me`);
    await page.locator('[data-rs-field="email"]', { hasText: 'joan@example.com' }).waitFor();
    expect(watch.problems()).toEqual([]);
  });
});

async function registerVerifiedOn(target: PageServer, email: string): Promise<void> {
  const response = await target.rs.fetch(
    new Request(`${target.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    }),
  );
  expect(response.status).toBe(201);
}
