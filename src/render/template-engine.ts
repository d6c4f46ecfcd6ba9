/**
 * The liquid template engines behind emails, SMS bodies and pages.
 *
 * Search path (spec §8.1, Decision 9): the host's directories first, the bundled `templates/`
 * folder last, so a host overrides one file and keeps the rest; layouts and partials resolve
 * along the same path. The path is read on every render (Decision 44): directories added at
 * runtime take effect on the next message.
 */
import { fileURLToPath } from 'node:url';
import type { Liquid } from 'liquidjs';

/** Values a template sees. */
export type TemplateVars = Readonly<Record<string, unknown>>;

export interface TemplateRendererOptions {
  /** Host template directories, highest priority first; called on every render. */
  readonly dirs: () => readonly string[];
  /**
   * Keep parsed templates in memory. Off by default so edits to a host template show up on
   * the next render during development.
   * @default false
   */
  readonly cacheTemplates?: boolean | undefined;
}

export interface TemplateRenderer {
  /** Renders an HTML template (e.g. `email/verification.html`); output is HTML-escaped. */
  html(name: string, vars: TemplateVars): Promise<string>;
  /** Renders a plain-text template (subjects, `.txt` bodies, SMS); nothing is escaped. */
  text(name: string, vars: TemplateVars): Promise<string>;
  /** The full search path for the current host directories, bundled folder last. */
  searchPath(): readonly string[];
}

/** The `templates/` folder shipped with the package (`src/render` and `dist/render` alike). */
export const BUNDLED_TEMPLATES_DIR: string = fileURLToPath(
  new URL('../../templates/', import.meta.url),
);

// A host that keeps changing its directory list must not grow this map without bound.
const MAX_CACHED_PATHS = 16;

interface EnginePair {
  readonly html: Liquid;
  readonly text: Liquid;
}

type LiquidClass = typeof Liquid;

// liquidjs is imported on the first render, not at start: a server that sends no mail and
// serves no page before its first sign-up never pays for it.
let liquidClass: Promise<LiquidClass> | undefined;
function loadLiquid(): Promise<LiquidClass> {
  liquidClass ??= import('liquidjs').then((module) => module.Liquid);
  return liquidClass;
}

function createEngine(
  LiquidEngine: LiquidClass,
  root: string[],
  escapeHtml: boolean,
  cache: boolean,
): Liquid {
  return new LiquidEngine({
    root,
    partials: root,
    layouts: root,
    cache,
    // No automatic tag trimming: liquid's non-greedy trim also eats the spaces beside a tag
    // (`Hi{% if full_name %} {{ full_name }}` would lose its space). Templates use `{%- -%}`
    // where a line must vanish, which keeps the text bodies' line breaks exact.
    // `{% if full_name %}` must be false for '' as in the reference's Jinja2 templates.
    jsTruthy: true,
    strictFilters: true,
    ownPropertyOnly: true,
    ...(escapeHtml ? { outputEscape: 'escape' as const } : {}),
  });
}

/**
 * Creates the two liquid engines (HTML with escaping, text without) over a host-first
 * search path.
 *
 * @example
 * const renderer = createTemplateRenderer({ dirs: () => config.extra_template_dirs });
 * const subject = await renderer.text('email/verification.subject.txt', { app_name: 'MyApp' });
 */
export function createTemplateRenderer(options: TemplateRendererOptions): TemplateRenderer {
  const cache = options.cacheTemplates ?? false;
  const engines = new Map<string, EnginePair>();

  function searchPath(): string[] {
    return [...options.dirs(), BUNDLED_TEMPLATES_DIR];
  }

  async function enginesFor(): Promise<EnginePair> {
    const root = searchPath();
    const key = root.join('\0');
    const known = engines.get(key);
    if (known !== undefined) return known;
    const LiquidEngine = await loadLiquid();
    const again = engines.get(key);
    if (again !== undefined) return again;
    const pair = {
      html: createEngine(LiquidEngine, root, true, cache),
      text: createEngine(LiquidEngine, root, false, cache),
    };
    if (engines.size >= MAX_CACHED_PATHS) {
      const oldest = engines.keys().next();
      if (oldest.done !== true) engines.delete(oldest.value);
    }
    engines.set(key, pair);
    return pair;
  }

  return {
    async html(name, vars) {
      const pair = await enginesFor();
      return String(await pair.html.renderFile(name, vars));
    },
    async text(name, vars) {
      const pair = await enginesFor();
      return String(await pair.text.renderFile(name, vars));
    },
    searchPath,
  };
}
