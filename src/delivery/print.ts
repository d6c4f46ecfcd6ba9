/** Where the development transports print; tests pass their own function. */
export type PrintLine = (line: string) => void;

/** Writes one line to stderr, keeping stdout free for a host's own output. */
export const printToStderr: PrintLine = (line) => {
  process.stderr.write(`${line}\n`);
};
