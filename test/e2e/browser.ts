/**
 * Debian's chromium driven by playwright-core, and a watcher that turns every console error,
 * uncaught exception and Content-Security-Policy report into a test failure.
 */
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** One headless chromium with a fresh temporary profile (playwright creates and removes it). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface PageOpener {
  /** A page in a fresh context (its own storage and cookies), watched for problems. */
  open(): Promise<{ page: Page; watch: PageWatch }>;
  /** Closes every context opened so far; call it after each test. */
  closeAll(): Promise<void>;
}

/** Fresh contexts on the browser `browser()` returns once the file's `beforeAll` has run. */
export function pageOpener(
  browser: () => Browser,
  options: { timeoutMs?: number } = {},
): PageOpener {
  const contexts: BrowserContext[] = [];
  return {
    async open() {
      const context = await browser().newContext();
      contexts.push(context);
      const page = await context.newPage();
      if (options.timeoutMs !== undefined) page.setDefaultTimeout(options.timeoutMs);
      return { page, watch: watchPage(page) };
    },
    async closeAll() {
      for (const context of contexts.splice(0)) await context.close();
    },
  };
}

export interface PageWatch {
  /** Console errors, uncaught exceptions and CSP reports not covered by `allow`. */
  problems(): string[];
  /** Everything seen, allowed or not. */
  readonly seen: string[];
  /** Accepts messages matching `pattern` (an error the test provokes on purpose). */
  allow(pattern: RegExp): void;
}

export function watchPage(page: Page): PageWatch {
  const seen: string[] = [];
  const allowed: RegExp[] = [];
  page.on('console', (message) => {
    const text = message.text();
    // The browser asks the host's root for a favicon; that is not the page's doing.
    if (message.location().url.endsWith('/favicon.ico')) return;
    if (message.type() === 'error' || /Content Security Policy/i.test(text)) {
      seen.push(`console.${message.type()}: ${text} (${message.location().url})`);
    }
  });
  page.on('pageerror', (error) => seen.push(`pageerror: ${error.message}`));
  return {
    seen,
    allow(pattern) {
      allowed.push(pattern);
    },
    problems() {
      return seen.filter((entry) => !allowed.some((pattern) => pattern.test(entry)));
    },
  };
}

interface BrowserStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/**
 * The few browser globals the tests read inside `page.evaluate` callbacks, which run in the
 * page. The project compiles without the DOM library, so callbacks cast `globalThis` to this.
 */
export interface BrowserGlobals {
  readonly localStorage: BrowserStorage;
  readonly sessionStorage: BrowserStorage;
  readonly innerWidth: number;
  readonly document: {
    readonly readyState: string;
    readonly documentElement: { readonly scrollWidth: number };
    readonly activeElement: {
      readonly textContent: string | null;
      getAttribute(name: string): string | null;
    } | null;
  };
  getComputedStyle(element: unknown): {
    readonly backgroundColor: string;
    readonly borderRadius: string;
    getPropertyValue(name: string): string;
  };
}
