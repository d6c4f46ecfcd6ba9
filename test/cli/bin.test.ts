import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, ensureBuilt, lines, runBin } from './serve-process.js';

// The common rules of the `regstack` bin (TS-CONTRACT §16), run from the build.

describe('the regstack bin', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'regstack-bin-'));
    env = cleanEnv(dir);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('--version prints "regstack, version 0.1.0" and exits 0', async () => {
    const result = await runBin(['--version'], { cwd: dir, env });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('regstack, version 0.1.0\n');
    expect(result.stderr).toBe('');
  });

  it('--help lists the commands and exits 0', async () => {
    const result = await runBin(['--help'], { cwd: dir, env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: regstack /);
    expect(result.stdout).toMatch(/^\s+serve\b/m);
  });

  it('serve --help names its options and exits 0', async () => {
    const result = await runBin(['serve', '--help'], { cwd: dir, env });
    expect(result.code).toBe(0);
    for (const option of ['--host', '--port', '--config']) expect(result.stdout).toContain(option);
  });

  it('an unknown command is a usage error: exit 2', async () => {
    const result = await runBin(['frobnicate'], { cwd: dir, env });
    expect(result.code).toBe(2);
    expect(lines(result.stderr)[0]).toBe("error: unknown command 'frobnicate'");
    expect(result.stdout).toBe('');
  });

  it('an unknown option is a usage error: exit 2', async () => {
    const result = await runBin(['serve', '--no-such-option'], { cwd: dir, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--no-such-option'");
  });
});
