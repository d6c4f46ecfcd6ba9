/** Ends a command with an exit code and a one-line message on stderr. */
export class ExitError extends Error {
  readonly exitCode: number;
  constructor(exitCode: number, message: string) {
    super(message);
    this.name = 'ExitError';
    this.exitCode = exitCode;
  }
}

/** The exit codes of TS-CONTRACT §16. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
