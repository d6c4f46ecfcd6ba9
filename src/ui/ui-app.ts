/**
 * The server-rendered pages (spec §11) and their static assets, as one Hono app whose routes
 * already sit under `ui_prefix` and `static_prefix`. The library never mounts it on its own
 * (Decision 6): the host passes `mountUi` to `createRegstack`, or routes `rs.ui.app` itself.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { RegstackConfig } from '../config/schema.js';
import { RegstackError } from '../errors/errors.js';
import type { AppEnv } from '../http/app-env.js';
import { errorResponse } from '../http/error-response.js';
import type { Logger } from '../ports/logger.js';
import type { TemplateRenderer } from '../render/template-engine.js';
import { pageContext, trimPrefix } from './page-context.js';
import { pageHeaders } from './page-headers.js';
import { NOT_FOUND_PAGE, PAGES, type PageEntry } from './page-table.js';
import { createStaticStore, etagMatches } from './static-files.js';

export interface UiAppOptions {
  readonly config: RegstackConfig;
  /** The renderer shared with email and SMS, so `addTemplateDir` reaches the pages too. */
  readonly renderer: TemplateRenderer;
  readonly logger: Logger;
  /** Names of the registered OAuth providers; read on every render. */
  readonly oauthProviders: () => readonly string[];
  /** Button labels by provider name (`Acme SSO`); a provider without one shows its name. */
  readonly oauthDisplayNames?: (() => Readonly<Record<string, string>>) | undefined;
}

/** The pages and assets, and the two prefixes they answer under. */
export interface UiApp {
  readonly app: Hono<AppEnv>;
  /** `ui_prefix` and `static_prefix`, trailing slashes stripped. */
  readonly prefixes: readonly string[];
}

/*
 * Asset URLs carry no content hash, so a long freshness would pin an old stylesheet after an
 * upgrade or a host edit. Ten minutes, then a conditional request that the ETag answers
 * with an empty 304.
 */
const STATIC_CACHE_CONTROL = 'public, max-age=600';
// A host file opened directly (an SVG, say) must not run script with the pages' origin.
const STATIC_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

/** Builds the pages and static-asset routes from the configuration. */
export function createUiApp(options: UiAppOptions): UiApp {
  const { config, renderer, logger } = options;
  const ui = trimPrefix(config.ui_prefix);
  const staticPrefix = trimPrefix(config.static_prefix);
  const headers = pageHeaders({
    themeCssUrl: config.theme_css_url,
    brandLogoUrl: config.brand_logo_url,
  });
  const store = createStaticStore(config.extra_static_dirs);
  const app = new Hono<AppEnv>();
  app.onError((error) => errorResponse(error, logger));

  async function render(entry: PageEntry, status: number): Promise<Response> {
    const context = pageContext(
      config,
      entry.id,
      options.oauthProviders(),
      options.oauthDisplayNames?.() ?? {},
    );
    const html = await renderer.html(entry.template, context);
    return new Response(html, { status, headers });
  }

  for (const entry of PAGES) {
    app.get(`${ui}${entry.path}`, function renderPage() {
      return render(entry, 200);
    });
  }

  app.get(`${staticPrefix}/*`, async function serveStatic(c: Context<AppEnv>) {
    const path = new URL(c.req.url).pathname.slice(staticPrefix.length);
    const found = await store.find(path);
    if (found === null) throw new RegstackError('not_found');
    const cacheHeaders = {
      ETag: found.etag,
      'Cache-Control': STATIC_CACHE_CONTROL,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': STATIC_CSP,
    };
    if (etagMatches(c.req.header('if-none-match'), found.etag)) {
      return new Response(null, { status: 304, headers: cacheHeaders });
    }
    return new Response(found.body, {
      status: 200,
      headers: { ...cacheHeaders, 'Content-Type': found.contentType },
    });
  });

  if (ui !== '') {
    // The bare prefix leads to the account page, which sends visitors without a session on
    // to sign in. A prefix of '' owns `/`, which stays the host's.
    const toAccount = (c: Context<AppEnv>): Response => c.redirect(`${ui}/me`, 302);
    app.get(ui, toAccount);
    app.get(`${ui}/`, toAccount);
    app.get(`${ui}/*`, function pageNotFound() {
      return render(NOT_FOUND_PAGE, 404);
    });
  }

  return { app, prefixes: [ui, staticPrefix] };
}
