import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { configFromOverrides } from '../../config/load.js';
import { createSilentLogger } from '../../logging/json-logger.js';
import { createTemplateRenderer } from '../../render/template-engine.js';
import { checkContrast } from '../../theme/contrast.js';
import { defaultTheme } from '../../theme/default-theme.js';
import { renderThemeFile } from '../../theme/theme-file.js';
import {
  ALL_VARS,
  COLOR_VARS,
  FONT_VARS,
  RADIUS_VARS,
  type Theme,
  type ThemeScope,
} from '../../theme/theme-vars.js';
import { validateScope } from '../../theme/validate-theme.js';
import { BUNDLED_STATIC_DIR } from '../../ui/static-files.js';
import { createUiApp } from '../../ui/ui-app.js';
import { TOKEN_REFUSED, tokenMatches } from './launch-token.js';
import { themeFile, validateTheme } from './theme-store.js';

export interface DesignerOptions {
  readonly token: string;
  readonly targetDir: string;
  readonly filename: string;
  /** `POST /api/done`: the command stops the server. */
  readonly onDone: () => void;
}

const DESIGNER_DIR = join(BUNDLED_STATIC_DIR, 'designer');
const PREVIEW_PREFIX = '/preview';
const PREVIEW_THEME = '/preview-theme.css';

// The designer's own page: our files only, and it may frame the previews it serves.
const DESIGNER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const ASSETS: Record<string, string> = {
  'designer.css': 'text/css; charset=utf-8',
  'designer.js': 'text/javascript; charset=utf-8',
};

function scopeOf(value: unknown): Readonly<Record<string, unknown>> | null {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) return null;
  return value as Record<string, unknown>;
}

/**
 * The designer (spec §12.6.1) as a Hono app: its page, its API behind the launch token,
 * and a live preview of the real pages rendered by the real templates with the theme
 * being edited (the preview is what goes past the reference).
 */
export function createDesignerApp(options: DesignerOptions): Hono {
  const { token } = options;
  const file = themeFile(options.targetDir, options.filename);
  const defaults = defaultTheme();
  let preview: { theme: Theme; scheme: ThemeScope } = { theme: file.existing(), scheme: 'light' };

  const ui = createUiApp({
    config: configFromOverrides({
      jwt_secret: 'x'.repeat(32),
      app_name: 'Preview',
      ui_prefix: PREVIEW_PREFIX,
      static_prefix: `${PREVIEW_PREFIX}/static`,
      theme_css_url: PREVIEW_THEME,
      enable_sms_2fa: true,
    }),
    renderer: createTemplateRenderer({ dirs: () => [] }),
    logger: createSilentLogger(),
    oauthProviders: () => [],
  });

  const app = new Hono();
  const page = readFileSync(join(DESIGNER_DIR, 'designer.html'), 'utf8');

  app.get('/', (c) => {
    if (!tokenMatches(c.req.query('token'), token)) return c.json(TOKEN_REFUSED, 401);
    // The token is URL-safe base64: nothing in it needs escaping inside an attribute.
    return c.body(page.replace('{{token}}', token), 200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': DESIGNER_CSP,
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
    });
  });

  app.get('/static/:name', (c) => {
    const type = ASSETS[c.req.param('name')];
    if (type === undefined) return c.json({ detail: 'Not Found' }, 404);
    return c.body(readFileSync(join(DESIGNER_DIR, c.req.param('name'))), 200, {
      'Content-Type': type,
      'X-Content-Type-Options': 'nosniff',
    });
  });

  app.use('/api/*', async (c, next) => {
    if (!tokenMatches(c.req.header('x-wizard-token'), token)) return c.json(TOKEN_REFUSED, 401);
    return next();
  });

  app.get('/api/state', (c) =>
    c.json({
      target_dir: options.targetDir,
      filename: options.filename,
      schema: {
        color_vars: COLOR_VARS,
        font_vars: FONT_VARS,
        radius_vars: RADIUS_VARS,
        all_vars: ALL_VARS,
      },
      defaults,
      existing: file.existing(),
    }),
  );

  app.post('/api/save', async (c) => {
    const body: unknown = await c.req.json().catch(() => null);
    const record = scopeOf(body);
    const light = record === null ? null : scopeOf(record.light);
    const dark = record === null ? null : scopeOf(record.dark);
    if (record === null || light === null || dark === null) {
      return c.json({ detail: 'Body must be {light: {...}, dark: {...}}.' }, 400);
    }
    const checked = validateTheme(light, dark);
    if (!checked.ok) return c.json({ ok: false, errors: checked.problems }, 422);
    return c.json({ ok: true, ...file.save(checked.theme) }, 200);
  });

  // Not in the reference: the page sends every edit here, gets the contrast checks and
  // problems back, and the preview frame reloads with the edited values.
  app.post('/api/preview', async (c) => {
    const body: unknown = await c.req.json().catch(() => null);
    const record = scopeOf(body) ?? {};
    const light = validateScope('light', scopeOf(record.light) ?? {});
    const dark = validateScope('dark', scopeOf(record.dark) ?? {});
    const scheme: ThemeScope = record.scheme === 'dark' ? 'dark' : 'light';
    const theme = { light: light.values, dark: dark.values };
    preview = { theme, scheme };
    return c.json({
      errors: [...light.problems, ...dark.problems],
      contrast: checkContrast(theme, defaults),
    });
  });

  app.post('/api/done', (c) => {
    options.onDone();
    return c.json({ ok: true });
  });

  // The preview's theme: every value in effect for the chosen scheme in one `:root`, so
  // the frame shows that scheme whatever the system's preference.
  app.get(PREVIEW_THEME, (c) => {
    const { theme, scheme } = preview;
    const values =
      scheme === 'light'
        ? { ...defaults.light, ...theme.light }
        : { ...defaults.light, ...theme.light, ...defaults.dark, ...theme.dark };
    const css = renderThemeFile({ light: values, dark: {} });
    return c.body(css, 200, {
      'Content-Type': 'text/css; charset=utf-8',
      'Cache-Control': 'no-store',
    });
  });

  // The pages' own script would call an API that is not here: the preview runs a small
  // one that fills in sample content instead.
  app.get(`${PREVIEW_PREFIX}/static/js/regstack.js`, (c) =>
    c.body(readFileSync(join(DESIGNER_DIR, 'preview.js')), 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'no-store',
    }),
  );

  app.get(`${PREVIEW_PREFIX}/*`, async (c) => {
    const isPage = !c.req.path.startsWith(`${PREVIEW_PREFIX}/static/`);
    if (isPage && !tokenMatches(c.req.query('token'), token)) return c.json(TOKEN_REFUSED, 401);
    const response = await ui.app.fetch(c.req.raw);
    const headers = new Headers(response.headers);
    headers.delete('X-Frame-Options');
    const csp = headers.get('Content-Security-Policy');
    if (csp !== null) {
      headers.set(
        'Content-Security-Policy',
        csp.replace("frame-ancestors 'none'", "frame-ancestors 'self'"),
      );
    }
    return new Response(response.body, { status: response.status, headers });
  });

  return app;
}
