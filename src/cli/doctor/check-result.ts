/** How one `doctor` check came out; only `fail` counts towards the exit code. */
export type CheckStatus = 'pass' | 'fail' | 'warn';

export interface CheckResult {
  readonly status: CheckStatus;
  /** The check's name as spec §12.3 gives it (`jwt secret`, `backend`, `schema`, …). */
  readonly name: string;
  readonly detail: string;
}

export function pass(name: string, detail: string): CheckResult {
  return { status: 'pass', name, detail };
}

export function fail(name: string, detail: string): CheckResult {
  return { status: 'fail', name, detail };
}

export function warn(name: string, detail: string): CheckResult {
  return { status: 'warn', name, detail };
}

const MARKS: Readonly<Record<CheckStatus, string>> = { pass: '✔', fail: '✘', warn: '!' };

/** `✔ <name>: <detail>` (spec §12.3), `!` for a warning. */
export function formatCheck(result: CheckResult): string {
  return `${MARKS[result.status]} ${result.name}: ${result.detail}`;
}

/** An error as one line of text, for a check's detail. */
export function errorLine(error: unknown): string {
  const text =
    error instanceof Error
      ? error.message || String(Reflect.get(error, 'code') ?? error.name)
      : String(error);
  return text.replaceAll(/\s*\n\s*/g, ' ');
}
