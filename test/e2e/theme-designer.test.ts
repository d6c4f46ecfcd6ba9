/**
 * The theme designer in a real chromium: change the accent, watch the preview of the real
 * sign-in page take it, see the contrast table react, save, and find the file on disk. The
 * page must run under its strict CSP without a console error.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDesignerApp } from '../../src/cli/theme/designer-app.js';
import { type BrowserGlobals, launchChromium, watchPage } from './browser.js';

const TOKEN = 'designer-e2e-launch-token-0123456789abcdefgh';
const SHOTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'screenshots');

let browser: Browser;
let server: Server;
let url: string;
let dir: string;
let done = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'regstack-designer-'));
  mkdirSync(SHOTS, { recursive: true });
  const app = createDesignerApp({
    token: TOKEN,
    targetDir: dir,
    filename: 'regstack-theme.css',
    onDone: () => {
      done++;
    },
  });
  server = createServer(getRequestListener(app.fetch));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  url = `http://127.0.0.1:${address.port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe('the theme designer in a browser', () => {
  it('edits the accent, previews it on the real page, warns on contrast, saves the file', async () => {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(`${url}/?token=${TOKEN}`);

    const accent = page.getByLabel('--rs-accent', { exact: true }).first();
    await accent.waitFor();
    const frame = page.frameLocator('[data-td-frame]');
    const button = frame.locator('.rs-btn-primary').first();
    await button.waitFor();
    expect(
      await button.evaluate(
        (el) => (globalThis as unknown as BrowserGlobals).getComputedStyle(el).backgroundColor,
      ),
    ).toBe('rgb(37, 99, 235)');

    // A pale accent: the preview takes it and the contrast table flags the button label.
    await accent.fill('#bfdbfe');
    await expect
      .poll(
        () =>
          button.evaluate(
            (el) => (globalThis as unknown as BrowserGlobals).getComputedStyle(el).backgroundColor,
          ),
        {
          timeout: 10_000,
        },
      )
      .toBe('rgb(191, 219, 254)');
    await expect.poll(() => page.locator('[data-td-contrast] tr[data-ok="false"]').count()).toBe(2);

    // A darker one passes again; then save.
    await accent.fill('#0f766e');
    await expect.poll(() => page.locator('[data-td-contrast] tr[data-ok="false"]').count()).toBe(0);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.locator('[data-td-status]').textContent())
      .toMatch(/^Saved \d+ bytes to .*regstack-theme\.css \(light 1, dark 0\)\.$/);
    expect(readFileSync(join(dir, 'regstack-theme.css'), 'utf8')).toContain(
      ':root {\n  --rs-accent: #0f766e;\n}\n',
    );

    // The dark preview: the dark default accent applies there, over the light edit.
    await page.getByLabel('Scheme').selectOption('dark');
    await expect
      .poll(() =>
        button.evaluate(
          (el) => (globalThis as unknown as BrowserGlobals).getComputedStyle(el).backgroundColor,
        ),
      )
      .toBe('rgb(96, 165, 250)');
    await page.getByLabel('Width').selectOption('375');
    expect(await page.locator('[data-td-frame]').getAttribute('width')).toBe('375');
    await page.screenshot({ path: join(SHOTS, 'theme-designer.png') });

    await page.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => done).toBe(1);
    expect(watch.problems()).toEqual([]);
    await context.close();
  });

  it('shows the error state and the account page in the preview', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(`${url}/?token=${TOKEN}`);
    const frame = page.frameLocator('[data-td-frame]');
    await page.getByLabel('Page').selectOption('login-error');
    await expect
      .poll(() => frame.locator('[data-rs-message]').textContent(), { timeout: 10_000 })
      .toBe('Invalid email or password.');
    await page.getByLabel('Page').selectOption('me');
    await expect
      .poll(() => frame.locator('[data-rs-field="email"]').textContent(), { timeout: 10_000 })
      .toBe('ada@example.com');
    expect(watch.problems()).toEqual([]);
    await page.close();
  });
});
