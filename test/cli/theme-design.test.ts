import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDesignerApp } from '../../src/cli/theme/designer-app.js';
import { BIN, cleanEnv, ensureBuilt, runCli } from './run-cli.js';

/* `regstack theme design` (spec §12.6): the print-only path, the designer API, the process. */

let dir: string;
beforeAll(() => {
  ensureBuilt();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'regstack-theme-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('regstack theme design --print-only', () => {
  it('writes the pinned example and prints the summary', async () => {
    const result = await runCli(
      [
        'theme',
        'design',
        '--print-only',
        '--target',
        dir,
        '--var',
        '--rs-accent=#0d9488',
        '--var',
        '--rs-radius=10',
        '--var',
        'dark:--rs-accent=#2dd4bf',
      ],
      { cwd: dir },
    );
    expect(result.code).toBe(0);
    const path = join(dir, 'regstack-theme.css');
    const css = readFileSync(path, 'utf8');
    expect(JSON.parse(result.stdout)).toEqual({
      target_path: path,
      light_count: 2,
      dark_count: 1,
      bytes_written: Buffer.byteLength(css),
    });
    expect(css).toContain('  --rs-radius: 10px;\n');
    expect(css).toContain(
      '@media (prefers-color-scheme: dark) {\n  :root {\n    --rs-accent: #2dd4bf;',
    );
    // White on that teal is below 4.5:1: said, and written all the same.
    expect(result.stderr).toMatch(/^regstack: warning: light: --rs-accent-fg on --rs-accent/);
  });

  it('writes the full light default set when no --var is given, with a note', async () => {
    const result = await runCli(['theme', 'design', '--print-only', '--filename', 'brand.css'], {
      cwd: dir,
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/no --var given/);
    expect(JSON.parse(result.stdout)).toMatchObject({ light_count: 15, dark_count: 0 });
    const css = readFileSync(join(dir, 'brand.css'), 'utf8');
    expect(css).toContain('--rs-accent: #2563eb;');
    expect(css).not.toContain('prefers-color-scheme');
  });

  it('is a usage error for a --var without =', async () => {
    const result = await runCli(['theme', 'design', '--print-only', '--var', '--rs-accent'], {
      cwd: dir,
    });
    expect(result.code).toBe(2);
    expect(existsSync(join(dir, 'regstack-theme.css'))).toBe(false);
  });

  it('lists every validation problem, exits 2 and writes nothing', async () => {
    const result = await runCli(
      [
        'theme',
        'design',
        '--print-only',
        '--var',
        '--rs-accent=red',
        '--var',
        'dark:--rs-accent=blue',
        '--var',
        '--rs-radius=ten',
      ],
      { cwd: dir },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      [
        'Validation failed:',
        '  - light --rs-accent: --rs-accent must be a hex colour (#rgb / #rrggbb) or rgba(...).',
        '  - light --rs-radius: --rs-radius must be a number with optional px/rem/em suffix.',
        '  - dark --rs-accent: --rs-accent must be a hex colour (#rgb / #rrggbb) or rgba(...).',
        '',
      ].join('\n'),
    );
    expect(existsSync(join(dir, 'regstack-theme.css'))).toBe(false);
  });

  it('warns on stderr about a pair below 4.5:1, and still writes', async () => {
    const result = await runCli(
      ['theme', 'design', '--print-only', '--var', '--rs-fg-muted=#aaaaaa'],
      { cwd: dir },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /warning: light: --rs-fg-muted on --rs-bg \(secondary text\) has contrast 2\.3\d:1, below 4\.5:1/,
    );
    expect(existsSync(join(dir, 'regstack-theme.css'))).toBe(true);
  });
});

describe('the designer HTTP API (spec §12.6.1)', () => {
  const token = 'launch-token-for-the-test-0123456789abcdef';
  let done = 0;

  function designer() {
    done = 0;
    const app = createDesignerApp({
      token,
      targetDir: dir,
      filename: 'regstack-theme.css',
      onDone: () => {
        done++;
      },
    });
    return (method: string, path: string, init: { json?: unknown; token?: string | null } = {}) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (init.token !== null) headers['x-wizard-token'] = init.token ?? token;
      return app.fetch(
        new Request(`http://127.0.0.1${path}`, {
          method,
          headers,
          ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
        }),
      );
    };
  }

  it('refuses the page and the API without the launch token', async () => {
    const call = designer();
    for (const [method, path, headerToken] of [
      ['GET', '/', token],
      ['GET', '/?token=wrong', token],
      ['GET', '/api/state', null],
      ['POST', '/api/save', 'wrong'],
      ['POST', '/api/done', null],
      ['GET', `/preview/login`, token],
    ] as const) {
      const res = await call(method, path, { token: headerToken });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(await res.json()).toEqual({ detail: 'Missing or invalid wizard token.' });
    }
    expect(done).toBe(0);
  });

  it('serves the page with the root element, under a strict CSP', async () => {
    const res = await designer()('GET', `/?token=${token}`, { token: null });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('id="designer-root"');
    expect(html).toContain(`data-wizard-token="${token}"`);
    expect(html).not.toMatch(/<script>|style="/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
  });

  it('GET /api/state: the schema, the defaults and the existing file', async () => {
    writeFileSync(
      join(dir, 'regstack-theme.css'),
      ':root {\n  --rs-accent: #0d9488;\n}\n@media (prefers-color-scheme: dark) {\n  :root {\n    --rs-bg: #000000;\n  }\n}\n',
    );
    const res = await designer()('GET', '/api/state');
    const state = (await res.json()) as {
      target_dir: string;
      filename: string;
      schema: Record<string, string[]>;
      defaults: { light: Record<string, string>; dark: Record<string, string> };
      existing: unknown;
    };
    expect(state.target_dir).toBe(dir);
    expect(state.filename).toBe('regstack-theme.css');
    expect(state.schema.color_vars).toHaveLength(12);
    expect(state.schema.font_vars).toEqual(['--rs-font-display', '--rs-font-body']);
    expect(state.schema.radius_vars).toEqual(['--rs-radius']);
    expect(state.schema.all_vars).toHaveLength(15);
    expect(Object.keys(state.defaults.light)).toHaveLength(15);
    expect(Object.keys(state.defaults.dark)).toHaveLength(12);
    expect(state.existing).toEqual({
      light: { '--rs-accent': '#0d9488' },
      dark: { '--rs-bg': '#000000' },
    });
  });

  it('POST /api/save: 400 for a non-object scope, 422 with every error, 200 and a byte-identical re-save', async () => {
    const call = designer();
    const bad = await call('POST', '/api/save', { json: { light: [], dark: {} } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ detail: 'Body must be {light: {...}, dark: {...}}.' });

    const invalid = await call('POST', '/api/save', {
      json: { light: { '--rs-accent': 'blue', '--rs-nope': '1' }, dark: { '--rs-fg': 3 } },
    });
    expect(invalid.status).toBe(422);
    expect(await invalid.json()).toEqual({
      ok: false,
      errors: [
        {
          field: '--rs-accent',
          scope: 'light',
          message: '--rs-accent must be a hex colour (#rgb / #rrggbb) or rgba(...).',
        },
        {
          field: '--rs-nope',
          scope: 'light',
          message: "Unknown variable in light scope: '--rs-nope'.",
        },
        { field: '--rs-fg', scope: 'dark', message: '--rs-fg must be a string.' },
      ],
    });
    expect(existsSync(join(dir, 'regstack-theme.css'))).toBe(false);

    const body = { light: { '--rs-radius': '8', '--rs-accent': '#0d9488' }, dark: null };
    const saved = await call('POST', '/api/save', { json: body });
    expect(saved.status).toBe(200);
    const first = readFileSync(join(dir, 'regstack-theme.css'));
    expect(await saved.json()).toEqual({
      ok: true,
      target_path: join(dir, 'regstack-theme.css'),
      light_count: 2,
      dark_count: 0,
      bytes_written: first.byteLength,
    });
    const state = (await (await call('GET', '/api/state')).json()) as { existing: unknown };
    await call('POST', '/api/save', { json: state.existing });
    expect(readFileSync(join(dir, 'regstack-theme.css')).equals(first)).toBe(true);
  });

  it('POST /api/preview returns the contrast checks and the preview serves the edited theme', async () => {
    const call = designer();
    const res = await call('POST', '/api/preview', {
      json: { light: { '--rs-accent': '#bfdbfe' }, dark: {}, scheme: 'light' },
    });
    const result = (await res.json()) as {
      contrast: Array<{ fg: string; ok: boolean; scope: string }>;
    };
    expect(result.contrast.filter((check) => !check.ok).map((check) => check.fg)).toEqual([
      '--rs-accent-fg',
      '--rs-accent',
    ]);
    const css = await (await call('GET', '/preview-theme.css', { token: null })).text();
    expect(css).toContain('--rs-accent: #bfdbfe;');
    const page = await call('GET', `/preview/login?token=${token}`, { token: null });
    expect(page.status).toBe(200);
    expect(page.headers.get('x-frame-options')).toBeNull();
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    expect(await page.text()).toContain('href="/preview-theme.css"');
  });

  it('POST /api/done signals the command to stop', async () => {
    const call = designer();
    const res = await call('POST', '/api/done');
    expect(await res.json()).toEqual({ ok: true });
    expect(done).toBe(1);
  });
});

describe('regstack theme design (the designer process)', () => {
  it('prints the Designer URL, answers on it, and exits 0 after POST /api/done', async () => {
    const child = spawn(process.execPath, [BIN, 'theme', 'design', '--target', dir], {
      cwd: dir,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL: ${stdout}`)), 15_000);
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        const found = /Designer URL: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(stdout)?.[1];
        if (found) {
          clearTimeout(timer);
          resolve(found);
        }
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const launch = new URL(url).searchParams.get('token') ?? '';
    const done = await fetch(new URL('/api/done', url), {
      method: 'POST',
      headers: { 'x-wizard-token': launch },
    });
    expect(await done.json()).toEqual({ ok: true });
    expect(await exited).toBe(0);
  });
});
