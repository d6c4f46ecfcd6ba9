import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectHooks, collectSettings } from '../../scripts/docs-reference.mjs';
import { AUDIT_EVENT_TYPES } from '../../src/audit/event-types.js';

/*
 * The documentation cannot drift from the code: every setting and every hook has a
 * description, the examples and every TypeScript block of the docs type-check against the
 * built package.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'reference' || entry.name === 'node_modules')
      continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...markdownFiles(path));
    else if (entry.name.endsWith('.md')) out.push(path);
  }
  return out;
}

function tsc(project: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [TSC, '-p', project], { cwd: ROOT, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('the reference is complete', () => {
  it('every setting has a description', async () => {
    const settings = await collectSettings();
    expect(settings.length).toBeGreaterThan(80);
    expect(settings.filter((setting) => setting.doc === '').map((setting) => setting.path)).toEqual(
      [],
    );
  });

  it('every hook says when it fires', () => {
    const hooks = collectHooks();
    expect(hooks.length).toBeGreaterThanOrEqual(20);
    expect(hooks.filter((hook) => hook.doc === '').map((hook) => hook.name)).toEqual([]);
  });

  it('every audit event type is listed in the audit log page', () => {
    const page = readFileSync(join(ROOT, 'docs/concepts/audit-log.md'), 'utf8');
    expect(AUDIT_EVENT_TYPES.filter((type) => !page.includes(`| \`${type}\` |`))).toEqual([]);
  });
});

describe('code in the docs compiles', () => {
  it('the examples type-check against the built package', () => {
    const result = tsc('examples/tsconfig.json');
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });

  it('every ```ts block of the README and the docs type-checks against the built package', () => {
    const out = join(ROOT, 'test-artifacts', 'doc-snippets');
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    let count = 0;
    for (const file of [join(ROOT, 'README.md'), ...markdownFiles(join(ROOT, 'docs'))]) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
        count++;
        const name = `${relative(ROOT, file).replace(/[^\w]+/g, '-')}-${count}.ts`;
        writeFileSync(join(out, name), `${match[1]}\nexport {};\n`);
      }
    }
    writeFileSync(
      join(out, 'tsconfig.json'),
      JSON.stringify({
        extends: '../../tsconfig.json',
        compilerOptions: { rootDir: '.', noEmit: true, noUnusedLocals: false },
        include: ['.'],
        exclude: [],
      }),
    );
    expect(count).toBeGreaterThanOrEqual(1);
    const result = tsc(join(out, 'tsconfig.json'));
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });
});
