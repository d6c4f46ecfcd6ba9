/**
 * The pages and static assets over HTTP, without a browser (spec §11, §15.10, §15.11,
 * Decisions 5, 6, 9, 10, 44). The pages read no storage, so SQLite is enough here.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configFromOverrides } from '../../src/config/load.js';
import type { ConfigOverrides } from '../../src/config/overrides.js';
import { createSilentLogger } from '../../src/logging/json-logger.js';
import { createRegstack, type Regstack } from '../../src/regstack.js';
import { createTemplateRenderer } from '../../src/render/template-engine.js';
import { createUiApp } from '../../src/ui/ui-app.js';
import { testConfigOverrides } from '../support/test-regstack.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'regstack-ui-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

async function regstack(config: ConfigOverrides = {}, mountUi = true): Promise<Regstack> {
  const rs = await createRegstack({
    config: configFromOverrides(
      testConfigOverrides({ database_url: 'sqlite:///:memory:', ...config }),
    ),
    logger: createSilentLogger(),
    mountUi,
  });
  cleanups.push(() => rs.close());
  return rs;
}

async function get(rs: Regstack, path: string, headers: Record<string, string> = {}) {
  const response = await rs.fetch(new Request(`http://localhost:8000${path}`, { headers }));
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const PAGES: ReadonlyArray<{ path: string; page: string; h1: string; title: string }> = [
  { path: '/login', page: 'login', h1: 'Sign in', title: 'Sign in — RegStack' },
  {
    path: '/register',
    page: 'register',
    h1: 'Create your account',
    title: 'Create your RegStack account',
  },
  {
    path: '/verify',
    page: 'verify',
    h1: 'Confirming your email…',
    title: 'Confirm your email — RegStack',
  },
  {
    path: '/forgot',
    page: 'forgot',
    h1: 'Reset your password',
    title: 'Forgot password — RegStack',
  },
  {
    path: '/reset',
    page: 'reset',
    h1: 'Choose a new password',
    title: 'Choose a new password — RegStack',
  },
  { path: '/me', page: 'me', h1: 'Your account', title: 'Your account — RegStack' },
  {
    path: '/confirm-email-change',
    page: 'confirm-email-change',
    h1: 'Confirming your new email…',
    title: 'Confirm email change — RegStack',
  },
  {
    path: '/mfa-confirm',
    page: 'mfa-confirm',
    h1: 'Enter your sign-in code',
    title: 'Two-factor sign-in — RegStack',
  },
  {
    path: '/oauth-complete?id=anything',
    page: 'oauth-complete',
    h1: 'Signing you in…',
    title: 'Signing you in — RegStack',
  },
];

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; " +
  "base-uri 'none'; object-src 'none'";

describe('mounting (Decision 6)', () => {
  it('the pages are not served unless the host mounts them', async () => {
    const rs = await regstack({ enable_ui_router: true }, false);
    expect(rs.prefixes).toEqual(['/api/auth']);
    const page = await get(rs, '/account/login');
    expect(page.status).toBe(404);
    expect(JSON.parse(page.text)).toEqual({ detail: 'Not Found' });
    expect((await get(rs, '/regstack-static/css/core.css')).status).toBe(404);
    // …while `rs.ui` holds them for a host that routes them itself.
    expect(rs.ui.prefixes).toEqual(['/account', '/regstack-static']);
    const direct = await rs.ui.app.fetch(new Request('http://localhost/account/login'));
    expect(direct.status).toBe(200);
  });

  it('mountUi adds the page and asset prefixes', async () => {
    const rs = await regstack();
    expect(rs.prefixes).toEqual(['/api/auth', '/account', '/regstack-static']);
  });
});

describe('the nine pages (spec §11.1, §11.3, §11.4)', () => {
  it.each(PAGES)(
    '$path renders with its markers, the layout contract and no inline code',
    async ({ path, page, h1, title }) => {
      const rs = await regstack();
      const res = await get(rs, `/account${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toBe(CSP);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      const html = res.text;
      expect(html).toContain(`<h1 class="rs-title">${h1}</h1>`);
      expect(html).toContain(`<title>${title}</title>`);
      expect(html).toContain(`<html lang="en" data-rs-page="${page}">`);
      expect(html).toContain(
        `<body data-rs-api="/api/auth" data-rs-ui="/account" data-rs-page="${page}">`,
      );
      expect(html).not.toContain('<style');
      expect(html).not.toMatch(/\sstyle\s*=/i);
      expect(html).not.toMatch(/\son[a-z]+\s*=/i);
      // The only script is the bundled file, loaded deferred.
      expect(html.match(/<script\b[^>]*>/g)).toEqual([
        '<script src="/regstack-static/js/regstack.js" defer type="module">',
      ]);
      const core = html.indexOf('<link rel="stylesheet" href="/regstack-static/css/core.css">');
      const theme = html.indexOf('<link rel="stylesheet" href="/regstack-static/css/theme.css">');
      expect(core).toBeGreaterThan(0);
      expect(theme).toBeGreaterThan(core);
      expect(html).toContain('<a class="rs-brand" href="/account/me">');
      expect(html).toContain(
        '<p class="rs-message" data-rs-message role="status" aria-live="polite" hidden></p>',
      );
      expect(html).toMatch(/<footer class="rs-footer">\s*<p>Powered by <a [^>]*>regstack<\/a>/);
    },
  );

  it('every form field has a label', async () => {
    const rs = await regstack({ enable_sms_2fa: true, enable_totp: true });
    for (const { path } of PAGES) {
      const html = (await get(rs, `/account${path}`)).text;
      const ids = [...html.matchAll(/<input id="([^"]+)"/g)].map((m) => m[1]);
      for (const id of ids) expect(html, `${path} #${id}`).toContain(`for="${id}"`);
      const unlabelled = [...html.matchAll(/<input (?![^>]*type="hidden")(?![^>]*\bid=)[^>]*>/g)];
      expect(unlabelled, path).toEqual([]);
    }
  });

  it('login and register carry the form contract; links follow the flags', async () => {
    const rs = await regstack();
    const login = (await get(rs, '/account/login')).text;
    expect(login).toContain('data-rs-form="login"');
    expect(login).toMatch(/name="email" type="email"[^>]*required/);
    expect(login).toMatch(/name="password" type="password"[^>]*minlength="8" required/);
    expect(login).toContain('href="/account/register"');
    expect(login).toContain('href="/account/forgot"');
    expect(login).not.toContain('Sign in with');
    expect(login).not.toContain('data-rs-oauth-link');
    const register = (await get(rs, '/account/register')).text;
    expect(register).toContain('data-rs-form="register"');
    for (const name of ['email', 'full_name', 'password']) {
      expect(register).toContain(`name="${name}"`);
    }
    expect(register).toContain('href="/account/login"');

    const closed = await regstack({ allow_registration: false, enable_password_reset: false });
    const closedLogin = (await get(closed, '/account/login')).text;
    expect(closedLogin).not.toContain('/account/register');
    expect(closedLogin).not.toContain('/account/forgot');
    const closedRegister = await get(closed, '/account/register');
    expect(closedRegister.status).toBe(200);
    expect(closedRegister.text).not.toContain('data-rs-form="register"');
    expect(closedRegister.text).toContain('New sign-ups are closed');
    const closedReset = (await get(closed, '/account/reset')).text;
    expect(closedReset).not.toContain('data-rs-form="reset"');
  });

  it('token pages carry the hidden token fields and a pending status', async () => {
    const rs = await regstack();
    const reset = (await get(rs, '/account/reset?token=abc')).text;
    expect(reset).toContain('<input type="hidden" name="token" data-rs-token>');
    expect(reset).toMatch(/name="new_password" type="password"[^>]*minlength="8"/);
    // The token stays in the URL: the server never writes it into the page.
    expect(reset).not.toContain('abc');
    for (const path of ['/verify', '/confirm-email-change']) {
      const html = (await get(rs, `/account${path}`)).text;
      expect(html).toContain('data-rs-status="pending"');
      expect(html).toContain('<input type="hidden" data-rs-token>');
      expect(html).toContain('href="/account/login"');
    }
    const mfa = (await get(rs, '/account/mfa-confirm')).text;
    expect(mfa).toMatch(
      /name="code" type="text" inputmode="numeric"[^>]*pattern="\[0-9\]\*" minlength="4" maxlength="10"/,
    );
    const oauth = (await get(rs, '/account/oauth-complete')).text;
    expect(oauth).toContain('data-rs-status="pending"');
    expect(oauth).toMatch(/<noscript>.*href="\/account\/login".*<\/noscript>/);
  });

  it('the account page shows the sections the flags enable, and only those', async () => {
    const plain = (await get(await regstack(), '/account/me')).text;
    expect(plain).toContain('<dl class="rs-account-summary" data-rs-account>');
    for (const field of ['email', 'full_name', 'is_verified', 'created_at']) {
      expect(plain).toContain(`data-rs-field="${field}"`);
    }
    for (const form of ['update-profile', 'change-password', 'change-email', 'delete-account']) {
      expect(plain).toContain(`data-rs-form="${form}"`);
    }
    expect(plain).toContain('rs-section rs-section-danger');
    expect(plain).toContain('data-rs-action="logout"');
    expect(plain).not.toContain('data-rs-mfa-section');
    expect(plain).not.toContain('data-rs-oauth-section');

    const mfa = (
      await get(
        await regstack({ enable_sms_2fa: true, enable_account_deletion: false }),
        '/account/me',
      )
    ).text;
    expect(mfa).toContain('data-rs-mfa-section');
    expect(mfa).toContain('<div data-rs-mfa-enable hidden>');
    expect(mfa).toContain('<div data-rs-mfa-disable hidden>');
    expect(mfa).toContain('pattern="\\+[1-9]\\d{1,14}"');
    expect(mfa).toMatch(/data-rs-form="phone-setup-confirm" method="post" hidden/);
    expect(mfa).toContain('data-rs-form="mfa-disable"');
    expect(mfa).not.toContain('data-rs-form="delete-account"');
  });

  it('the HTML is escaped', async () => {
    const rs = await regstack({ app_name: '<script>alert(1)</script>', brand_tagline: '"&"' });
    const html = (await get(rs, '/account/login')).text;
    expect(html).toContain('Sign in — &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<span class="rs-brand-tagline">&#34;&amp;&#34;</span>');
    expect(html).not.toContain('<script>alert');
  });

  it('HEAD answers like GET without a body', async () => {
    const rs = await regstack();
    const res = await rs.fetch(new Request('http://localhost/account/login', { method: 'HEAD' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(await res.text()).toBe('');
  });

  it('unknown paths under the prefix answer a 404 page; the bare prefix leads to the account', async () => {
    const rs = await regstack();
    const missing = await get(rs, '/account/nope');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CSP);
    expect(missing.text).toContain('<h1 class="rs-title">Page not found</h1>');
    expect((await get(rs, '/account/login/')).status).toBe(404);
    for (const path of ['/account', '/account/']) {
      const bare = await get(rs, path);
      expect(bare.status).toBe(302);
      expect(bare.headers.get('location')).toBe('/account/me');
    }
    const posted = await rs.fetch(
      new Request('http://localhost/account/login', { method: 'POST' }),
    );
    expect(posted.status).toBe(404);
    expect(await posted.json()).toEqual({ detail: 'Not Found' });
  });

  it('other prefixes appear trimmed in the markup', async () => {
    const rs = await regstack({
      api_prefix: '/auth/',
      ui_prefix: '/u/',
      static_prefix: '/assets/',
    });
    expect(rs.prefixes).toEqual(['/auth', '/u', '/assets']);
    const html = (await get(rs, '/u/login')).text;
    expect(html).toContain('<body data-rs-api="/auth" data-rs-ui="/u" data-rs-page="login">');
    expect(html).toContain('href="/assets/css/core.css"');
    expect(html).toContain('src="/assets/js/regstack.js"');
    expect(html).toContain('href="/u/register"');
    expect((await get(rs, '/assets/css/core.css')).status).toBe(200);
  });
});

describe('OAuth content (spec §15.10)', () => {
  function uiWith(config: ConfigOverrides, providers: readonly string[]) {
    const resolved = configFromOverrides(testConfigOverrides(config));
    return createUiApp({
      config: resolved,
      renderer: createTemplateRenderer({ dirs: () => [] }),
      logger: createSilentLogger(),
      oauthProviders: () => providers,
    }).app;
  }

  async function html(app: ReturnType<typeof uiWith>, path: string): Promise<string> {
    return (await app.fetch(new Request(`http://localhost${path}`))).text();
  }

  it('the login page offers each provider when OAuth is on', async () => {
    const app = uiWith({ enable_oauth: true }, ['google']);
    const login = await html(app, '/account/login');
    expect(login).toContain('Sign in with Google');
    expect(login).toContain('data-rs-oauth-link="google"');
    expect(login).toContain('href="/api/auth/oauth/google/start"');
    expect(login).toContain('rs-btn rs-btn-oauth rs-btn-oauth-google');
    expect(login).toContain('<p class="rs-or">');
    const me = await html(app, '/account/me');
    expect(me).toContain('Connected accounts');
    expect(me).toContain('data-rs-oauth-section');
    expect(me).toContain('<ul class="rs-oauth-list" data-rs-oauth-list></ul>');
    expect(await html(app, '/account/oauth-complete?id=anything')).toContain('Signing you in');
  });

  it('no provider buttons when OAuth is off or no provider is registered', async () => {
    for (const app of [
      uiWith({ enable_oauth: false }, ['google']),
      uiWith({ enable_oauth: true }, []),
    ]) {
      const login = await html(app, '/account/login');
      expect(login).not.toContain('Sign in with Google');
      expect(login).not.toContain('data-rs-oauth-block');
      expect(await html(app, '/account/me')).not.toContain('data-rs-oauth-section');
    }
  });
});

describe('theme_css_url (spec §11.3, §11.8)', () => {
  it('links the host stylesheet last and lets the CSP load it from its origin', async () => {
    const rs = await regstack({
      theme_css_url: 'https://cdn.example.com/brand/theme.css',
      brand_logo_url: 'https://img.example.net/logo.svg',
    });
    const res = await get(rs, '/account/login');
    const theme = res.text.indexOf('href="/regstack-static/css/theme.css"');
    const host = res.text.indexOf(
      '<link rel="stylesheet" href="https://cdn.example.com/brand/theme.css">',
    );
    expect(theme).toBeGreaterThan(0);
    expect(host).toBeGreaterThan(theme);
    expect(res.text).toContain(
      '<img class="rs-brand-logo" src="https://img.example.net/logo.svg" alt=""',
    );
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("style-src 'self' https://cdn.example.com;");
    expect(csp).toContain("img-src 'self' data: https://cdn.example.com https://img.example.net;");
    expect(csp).toContain("script-src 'self';");
  });

  it('a same-origin theme needs no extra source', async () => {
    const rs = await regstack({ theme_css_url: '/brand/theme.css' });
    const res = await get(rs, '/account/login');
    expect(res.text).toContain('<link rel="stylesheet" href="/brand/theme.css">');
    expect(res.headers.get('content-security-policy')).toBe(CSP);
  });
});

describe('template overrides (spec §11.9, Decisions 9 and 44)', () => {
  it('a host auth/login.html is served verbatim; other pages still come from the bundle', async () => {
    const dir = tempDir({ 'auth/login.html': 'HOST LOGIN PAGE' });
    const rs = await regstack({ extra_template_dirs: [dir] });
    const login = await get(rs, '/account/login');
    expect(login.status).toBe(200);
    expect(login.text).toBe('HOST LOGIN PAGE');
    expect(login.headers.get('content-security-policy')).toBe(CSP);
    expect((await get(rs, '/account/register')).text).toContain('Create your account');
  });

  it('a host page can use the bundled layout and override its blocks', async () => {
    const dir = tempDir({
      'auth/forgot.html':
        '{% layout "base.html" %}{% block title %}Help{% endblock %}' +
        '{% block footer %}<p>Acme Ltd</p>{% endblock %}{% block content %}<h1>Lost it?</h1>{% endblock %}',
    });
    const rs = await regstack({ extra_template_dirs: [dir] });
    const html = (await get(rs, '/account/forgot')).text;
    expect(html).toContain('<title>Help</title>');
    expect(html).toContain('<h1>Lost it?</h1>');
    expect(html).toContain('<p>Acme Ltd</p>');
    expect(html).not.toContain('Powered by');
    expect(html).toContain('data-rs-page="forgot"');
  });

  it('a directory added after construction takes effect on the next render', async () => {
    const rs = await regstack();
    expect((await get(rs, '/account/verify')).text).toContain('Confirming your email…');
    rs.addTemplateDir(tempDir({ 'auth/verify.html': 'LATE OVERRIDE' }));
    expect((await get(rs, '/account/verify')).text).toBe('LATE OVERRIDE');
  });
});

describe('static assets (spec §11.7, Decision 10)', () => {
  it('serves core.css, theme.css and regstack.js with types, ETags and 304s', async () => {
    const rs = await regstack();
    const expected: Array<[string, string, string]> = [
      ['/css/core.css', 'text/css; charset=utf-8', 'rs-card'],
      ['/css/theme.css', 'text/css; charset=utf-8', '--rs-accent'],
      ['/js/regstack.js', 'text/javascript; charset=utf-8', 'regstack.access_token'],
    ];
    for (const [path, type, marker] of expected) {
      const res = await get(rs, `/regstack-static${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('cache-control')).toBe('public, max-age=600');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.text).toContain(marker);
      const etag = res.headers.get('etag') ?? '';
      expect(etag).toMatch(/^"[\w-]{27}"$/);
      const again = await get(rs, `/regstack-static${path}`, { 'if-none-match': etag });
      expect(again.status).toBe(304);
      expect(again.text).toBe('');
      expect(again.headers.get('etag')).toBe(etag);
      const weak = await get(rs, `/regstack-static${path}`, { 'if-none-match': `"x", W/${etag}` });
      expect(weak.status).toBe(304);
      const stale = await get(rs, `/regstack-static${path}`, { 'if-none-match': '"old"' });
      expect(stale.status).toBe(200);
    }
  });

  it('the theme defines every --rs-* property for light and dark', async () => {
    const rs = await regstack();
    const css = (await get(rs, '/regstack-static/css/theme.css')).text;
    const [light = '', dark = ''] = css.split('@media (prefers-color-scheme: dark)');
    for (const [name, value] of [
      ['--rs-bg', '#ffffff'],
      ['--rs-accent', '#2563eb'],
      ['--rs-accent-bg', 'rgba(37, 99, 235, 0.08)'],
      ['--rs-radius', '6px'],
    ]) {
      expect(light).toContain(`${name}: ${value};`);
    }
    for (const [name, value] of [
      ['--rs-bg', '#0b1220'],
      ['--rs-accent', '#60a5fa'],
      ['--rs-danger', '#f87171'],
    ]) {
      expect(dark).toContain(`${name}: ${value};`);
    }
    expect(dark).not.toContain('--rs-radius');
  });

  it('refuses paths that leave the folder or name hidden files', async () => {
    const rs = await regstack();
    for (const path of [
      '/regstack-static/%2e%2e/package.json',
      '/regstack-static/css/%2e%2e%2f%2e%2e%2fpackage.json',
      '/regstack-static/css%2fcore.css',
      '/regstack-static/css/..%5c..%5cpackage.json',
      '/regstack-static/.gitignore',
      '/regstack-static/css/',
      '/regstack-static/',
      '/regstack-static/css/nope.css',
      '/regstack-static/%zz',
    ]) {
      const res = await get(rs, path);
      expect(res.status, path).toBe(404);
      expect(JSON.parse(res.text), path).toEqual({ detail: 'Not Found' });
    }
  });

  it('a host static file at the same path wins; the rest still come from the bundle', async () => {
    const dir = tempDir({
      'css/theme.css': ':root { --rs-accent: #0f766e; }',
      'img/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
      '.env': 'SECRET=1',
    });
    const rs = await regstack({ extra_static_dirs: [dir] });
    const theme = await get(rs, '/regstack-static/css/theme.css');
    expect(theme.text).toBe(':root { --rs-accent: #0f766e; }');
    const logo = await get(rs, '/regstack-static/img/logo.svg');
    expect(logo.headers.get('content-type')).toBe('image/svg+xml');
    expect(logo.headers.get('content-security-policy')).toContain('sandbox');
    expect((await get(rs, '/regstack-static/css/core.css')).text).toContain('rs-card');
    expect((await get(rs, '/regstack-static/.env')).status).toBe(404);

    // An edited host file is served again with a new ETag.
    writeFileSync(join(dir, 'css', 'theme.css'), ':root { --rs-accent: #b45309; }');
    const later = new Date(Date.now() + 5000);
    utimesSync(join(dir, 'css', 'theme.css'), later, later);
    const edited = await get(rs, '/regstack-static/css/theme.css');
    expect(edited.text).toBe(':root { --rs-accent: #b45309; }');
    expect(edited.headers.get('etag')).not.toBe(theme.headers.get('etag'));
  });
});
