/**
 * The `regstack oauth setup` wizard page in a real browser: every step, a refused client id
 * that sends the visitor back, the write, and Close, with no console error or CSP report.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyWrite,
  planWrite,
  valuesFrom,
  writeSummary,
} from '../../src/cli/commands/oauth-setup.js';
import { startWizardServer } from '../../src/cli/oauth-setup/wizard-server.js';
import { launchChromium, watchPage } from './browser.js';

let browser: Browser;
const dir = mkdtempSync(join(tmpdir(), 'regstack-wizard-e2e-'));

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the OAuth setup wizard page', () => {
  it('walks the twelve steps and writes the configuration', async () => {
    const wizard = await startWizardServer({
      target: dir,
      apiPrefix: '/api/auth',
      port: 0,
      write: (state) => {
        const plan = planWrite(dir, valuesFrom(state));
        applyWrite(plan);
        return writeSummary(plan);
      },
    });
    const context = await browser.newContext();
    const page = await context.newPage();
    const watch = watchPage(page);
    try {
      await page.goto(`${wizard.url}/?token=${wizard.token}`);
      const next = page.locator('#wz-next');
      const heading = page.locator('h1');
      await expect(heading.textContent()).resolves.toBe('Welcome');
      await next.click();
      await page.waitForURL(/#\/step\/1$/);
      await next.click();
      await page.waitForURL(/#\/step\/2$/);
      await page.fill('#wz-base_url', 'https://shop.example');
      await expect(page.locator('#wz-redirect').textContent()).resolves.toBe(
        'https://shop.example/api/auth/oauth/google/callback',
      );
      for (let step = 2; step < 7; step += 1) {
        await next.click();
        await page.waitForURL(new RegExp(`#/step/${step + 1}$`));
      }
      await page.fill('#wz-client_id', 'not-a-google-id');
      await page.fill('#wz-client_secret', 'GOCSPX-secret-value');
      await next.click();
      await page
        .locator('[data-error-for="client_id"]', { hasText: '.apps.googleusercontent.com' })
        .waitFor();
      await page.fill('#wz-client_id', '12345-abc.apps.googleusercontent.com');
      for (let step = 7; step < 11; step += 1) {
        await next.click();
        await page.waitForURL(new RegExp(`#/step/${step + 1}$`));
      }
      await next.click();
      await page.locator('#wz-summary', { hasText: 'added [oauth] table' }).waitFor();
      expect(readFileSync(join(dir, 'regstack.toml'), 'utf8')).toContain(
        'google_client_id = "12345-abc.apps.googleusercontent.com"',
      );
      expect(readFileSync(join(dir, 'regstack.secrets.env'), 'utf8')).toBe(
        'REGSTACK_OAUTH__GOOGLE_CLIENT_SECRET=GOCSPX-secret-value\n',
      );
      await page.locator('button', { hasText: 'Close' }).click();
      await wizard.done;
      expect(watch.problems()).toEqual([]);
    } finally {
      await context.close();
      await wizard.close();
    }
  });
});
