import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * Runs the BUILT `regstack` bin as a user would: a child process with a clean environment
 * (no REGSTACK_* variables leak in from the developer's shell) in a directory of the test's
 * choosing. `ensureBuilt()` rebuilds `dist/` when a source file is newer than the bin.
 */

export const ROOT: string = fileURLToPath(new URL('../../', import.meta.url));
export const BIN: string = join(ROOT, 'dist/cli/bin.js');
const LOCK = join(ROOT, 'dist/.cli-test-build.lock');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

function isStale(): boolean {
  return !existsSync(BIN) || statSync(BIN).mtimeMs < newestSource(join(ROOT, 'src'));
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Builds once even when several test files start together: the first takes a lock
 * directory and runs tsc, the others wait for it. Type errors elsewhere in the tree do not
 * stop tsc from emitting, so only a missing bin is fatal.
 */
export function ensureBuilt(): void {
  if (!isStale()) return;
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  let locked = false;
  try {
    mkdirSync(LOCK);
    locked = true;
  } catch {
    for (let waited = 0; existsSync(LOCK) && waited < 180_000; waited += 200) sleep(200);
  }
  if (locked) {
    try {
      if (isStale()) {
        spawnSync(
          process.execPath,
          [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
          {
            cwd: ROOT,
            stdio: 'ignore',
          },
        );
      }
    } finally {
      rmdirSync(LOCK);
    }
  }
  if (!existsSync(BIN)) throw new Error(`build did not produce ${BIN}`);
}

/** The test process's environment without any REGSTACK_* variable. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !name.toUpperCase().startsWith('REGSTACK_')) env[name] = value;
  }
  return { ...env, ...extra };
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time in milliseconds. */
  readonly ms: number;
}

export interface RunOptions {
  readonly cwd: string;
  readonly env?: Record<string, string> | undefined;
  /** Written to stdin, which is then closed; absent = empty stdin. */
  readonly input?: string | undefined;
  readonly timeoutMs?: number | undefined;
}

/** Runs `regstack <args>` and collects its output; kills it after `timeoutMs`. */
export function runCli(args: readonly string[], options: RunOptions): Promise<CliResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: cleanEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** The non-empty lines of a text. */
export function lines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

/** A project directory with its two config files, written directly (no `init` run). */
export function writeProject(
  dir: string,
  toml: string,
  secrets: Readonly<Record<string, string>>,
): void {
  writeFileSync(join(dir, 'regstack.toml'), toml);
  const body = Object.entries(secrets)
    .map(([name, value]) => `${name}=${value}\n`)
    .join('');
  writeFileSync(join(dir, 'regstack.secrets.env'), body, { mode: 0o600 });
}

/** A JWT secret that passes `doctor`. */
export const GOOD_SECRET = 'k3Y8vQ2mZ7rT1wX9pL4sN6bH0cJ5dF2gA8eR3tY7uI1oP6';

export interface PtyOptions {
  readonly cwd: string;
  /** Keystrokes to send when the nth prompt (0-based) is shown; Enter is `\r`. */
  readonly answer: (index: number) => string;
  readonly timeoutMs?: number | undefined;
}

export interface PtyResult {
  readonly code: number | null;
  /** Everything the terminal showed, ANSI escapes removed. */
  readonly screen: string;
  /** How many prompts were shown. */
  readonly prompts: number;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping terminal escapes is the point.
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007/g;
/** @clack/prompts marks the prompt waiting for input with this symbol. */
const ACTIVE_PROMPT = '◆';

/**
 * Runs `regstack <args>` on a pseudo-terminal (util-linux `script`), so stdin and stdout are
 * TTYs and @clack/prompts draws its prompts; answers each prompt as it appears.
 */
export function runCliInPty(args: readonly string[], options: PtyOptions): Promise<PtyResult> {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replaceAll("'", `'\\''`)}'`);
  return new Promise((resolve, reject) => {
    const child = spawn(
      'script',
      ['-qfec', `stty cols 200 rows 50; exec ${command.join(' ')}`, '/dev/null'],
      {
        cwd: options.cwd,
        env: cleanEnv({ TERM: 'xterm-256color' }),
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let raw = '';
    let prompts = 0;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      raw += chunk;
      const shown = raw.split(ACTIVE_PROMPT).length - 1;
      while (prompts < shown) {
        const keys = options.answer(prompts);
        prompts += 1;
        // Give the prompt a moment to start reading before the keys arrive.
        setTimeout(() => child.stdin.write(keys), 100);
      }
    });
    child.stderr.resume();
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ code, screen: raw.replace(ANSI, ''), prompts });
    });
  });
}

/**
 * Suite options for tests that spawn the bin: each spawn costs about a second of module
 * loading, several when the machine is busy, and a test may spawn four times.
 */
export const SPAWNS: { readonly timeout: number } = { timeout: 180_000 };
