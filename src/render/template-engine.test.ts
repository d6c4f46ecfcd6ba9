import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUNDLED_TEMPLATES_DIR, createTemplateRenderer } from './template-engine.js';

const temps: string[] = [];

function hostDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'regstack-tpl-'));
  temps.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const vars = { app_name: 'MyApp', full_name: '', url: 'https://x.example/verify?token=t' };

describe('createTemplateRenderer', () => {
  it('searchPath() lists host dirs first and the bundled folder last', () => {
    const renderer = createTemplateRenderer({ dirs: () => ['/a', '/b'] });
    expect(renderer.searchPath()).toEqual(['/a', '/b', BUNDLED_TEMPLATES_DIR]);
    expect(BUNDLED_TEMPLATES_DIR.endsWith('/templates/')).toBe(true);
  });

  it('text() renders bundled templates without escaping', async () => {
    const renderer = createTemplateRenderer({ dirs: () => [] });
    const out = await renderer.text('email/verification.txt', { ...vars, full_name: 'A & <B>' });
    expect(out).toContain('Hi A & <B>,');
  });

  it('html() escapes values', async () => {
    const renderer = createTemplateRenderer({ dirs: () => [] });
    const out = await renderer.html('email/verification.html', {
      ...vars,
      full_name: '<script>alert(1)</script>',
    });
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).not.toContain('<script>');
  });

  it('an empty full_name is falsy in templates', async () => {
    const renderer = createTemplateRenderer({ dirs: () => [] });
    expect(await renderer.text('email/verification.txt', vars)).toMatch(/^Hi,\n/);
  });

  it('a host file overrides the bundled one; other files still come from the bundle', async () => {
    const dir = hostDir({ 'email/verification.subject.txt': 'Host subject for {{ app_name }}' });
    const renderer = createTemplateRenderer({ dirs: () => [dir] });
    expect(await renderer.text('email/verification.subject.txt', vars)).toBe(
      'Host subject for MyApp',
    );
    expect(await renderer.text('email/verification.txt', vars)).toContain(vars.url);
  });

  it('a host layout is used by the bundled templates that extend it', async () => {
    const dir = hostDir({
      'email/layout.html': '<main data-host>{% block content %}{% endblock %}</main>',
    });
    const renderer = createTemplateRenderer({ dirs: () => [dir] });
    const out = await renderer.html('email/verification.html', vars);
    expect(out).toContain('<main data-host>');
    expect(out).toContain('Welcome to MyApp');
  });

  it('reads the directory list on every render (Decision 44)', async () => {
    const dirs: string[] = [];
    const renderer = createTemplateRenderer({ dirs: () => dirs });
    expect(await renderer.text('email/verification.subject.txt', vars)).toBe(
      'Confirm your MyApp account\n',
    );
    dirs.push(hostDir({ 'email/verification.subject.txt': 'Added later' }));
    expect(await renderer.text('email/verification.subject.txt', vars)).toBe('Added later');
    dirs.pop();
    expect(await renderer.text('email/verification.subject.txt', vars)).toBe(
      'Confirm your MyApp account\n',
    );
  });

  it('an earlier host dir wins over a later one', async () => {
    const first = hostDir({ 'sms/sms_phone_setup.txt': 'first' });
    const second = hostDir({ 'sms/sms_phone_setup.txt': 'second' });
    const renderer = createTemplateRenderer({ dirs: () => [first, second] });
    expect(await renderer.text('sms/sms_phone_setup.txt', {})).toBe('first');
  });

  it('a missing template rejects', async () => {
    const renderer = createTemplateRenderer({ dirs: () => [] });
    await expect(renderer.text('email/nope.txt', {})).rejects.toThrow(/nope\.txt/);
  });
});
