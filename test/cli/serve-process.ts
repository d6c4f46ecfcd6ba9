import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { BIN } from './run-cli.js';

// One build helper and one line splitter serve every CLI test file.
export { ensureBuilt, lines } from './run-cli.js';

/*
 * The BUILT `regstack` bin as a user runs it: a child process in a directory of the test's
 * choosing, with an environment holding only PATH and HOME (so no REGSTACK_* variable of
 * the developer's shell or of the test run leaks in), plus what the test adds.
 */

export function cleanEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, ...extra };
}

export interface Exited {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A running `regstack` process; `stop()` kills it if a test ended without stopping it. */
export interface BinProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<Exited>;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` on stderr; rejects if the process exits first. */
  waitForStderr(pattern: RegExp): Promise<RegExpExecArray>;
  kill(): void;
}

const running = new Set<BinProcess>();

export function spawnBin(
  args: readonly string[],
  options: { cwd: string; env: Record<string, string> },
): BinProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  // Registered first, so stderr is collected before any waiter looks at it.
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<Exited>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  const process_: BinProcess = {
    child,
    exited,
    stdout: () => stdout,
    stderr: () => stderr,
    waitForStderr(pattern) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const match = pattern.exec(stderr);
          if (match === null) return false;
          child.stderr.off('data', onData);
          resolve(match);
          return true;
        };
        const onData = (): void => {
          check();
        };
        if (check()) return;
        child.stderr.on('data', onData);
        exited.then(() => {
          if (!check()) reject(new Error(`regstack exited before printing ${pattern}:\n${stderr}`));
        }, reject);
      });
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
  running.add(process_);
  exited.finally(() => running.delete(process_)).catch(() => undefined);
  return process_;
}

/** Runs `regstack <args>` to completion. */
export function runBin(
  args: readonly string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<Exited> {
  return spawnBin(args, options).exited;
}

/** Kills (SIGKILL) every process this module started that is still running. */
export function killLeftovers(): void {
  for (const process_ of running) process_.kill();
}

export interface ServeProcess extends BinProcess {
  /** `http://127.0.0.1:<port>` as parsed from the serving line. */
  readonly url: string;
}

const SERVING = /^regstack serving (http:\/\/127\.0\.0\.1:(\d+)) /m;

/** Starts `regstack serve --port 0` and waits for the line announcing its URL. */
export async function startServe(options: {
  cwd: string;
  env: Record<string, string>;
}): Promise<ServeProcess> {
  const started = spawnBin(['serve', '--port', '0'], options);
  const match = await started.waitForStderr(SERVING);
  const url = match[1];
  if (url === undefined) throw new Error('no URL in the serving line');
  return { ...started, url };
}
