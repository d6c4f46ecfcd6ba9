/* Drives OAuth flows through regstack's real handler with a test browser. */
import type { ConfigOverrides } from '../../src/config/overrides.js';
import { createTestBrowser, type TestBrowser } from './test-browser.js';
import { createTestRegstack, type TestBackend, type TestRegstack } from './test-regstack.js';

export const APP_ORIGIN = 'http://localhost:8000';

export function callbackUri(provider: string): string {
  return `${APP_ORIGIN}/api/auth/oauth/${provider}/callback`;
}

export interface OAuthHarness {
  readonly t: TestRegstack;
  readonly browser: TestBrowser;
  /** A second browser, with cookies of its own. */
  newBrowser(): TestBrowser;
}

export async function createOAuthHarness(options: {
  readonly backend: TestBackend;
  readonly config: ConfigOverrides;
}): Promise<OAuthHarness> {
  const t = await createTestRegstack({
    backend: options.backend,
    config: { enable_oauth: true, ...options.config },
  });
  const newBrowser = (): TestBrowser =>
    createTestBrowser({ appOrigin: APP_ORIGIN, appFetch: (request) => t.rs.fetch(request) });
  return { t, browser: newBrowser(), newBrowser };
}

/** True once the browser is back on regstack's pages (the end of a flow). */
export function backOnPages(url: URL): boolean {
  return (
    url.origin === APP_ORIGIN &&
    (url.pathname === '/account/oauth-complete' || url.pathname === '/account/login')
  );
}

export interface FlowEnd {
  /** Where the callback sent the browser (`/account/oauth-complete?id=…` or `/account/login?error=…`). */
  readonly landed: URL;
  /** The `id` to exchange, when the flow completed. */
  readonly id: string | null;
  /** The `error` code, when it did not. */
  readonly error: string | null;
  /** The provider's redirect back to regstack, for replays. */
  readonly callback: URL | null;
}

/** Follows a flow from `url` (a start route or an authorization URL) back to regstack's pages. */
export async function runFlow(browser: TestBrowser, url: string): Promise<FlowEnd> {
  let callback: URL | null = null;
  const { url: landed } = await browser.follow(url, {
    stop: (next) => {
      if (next.pathname.endsWith('/callback') && next.origin === APP_ORIGIN) callback = next;
      return backOnPages(next);
    },
  });
  return {
    landed,
    id: landed.searchParams.get('id'),
    error: landed.searchParams.get('error'),
    callback,
  };
}
