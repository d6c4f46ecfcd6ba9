import type { Logger } from '../ports/logger.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** The default logger: one JSON line per record on stderr (or a given writer). */
export function createJsonLogger(
  options: { level?: LogLevel; write?: (line: string) => void } = {},
): Logger {
  const threshold = LEVEL_ORDER[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const emit =
    (level: LogLevel) =>
    (fields: Record<string, unknown>, message: string): void => {
      if (LEVEL_ORDER[level] < threshold) return;
      write(
        `${JSON.stringify({ level, time: new Date().toISOString(), ...fields, msg: message })}\n`,
      );
    };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** A logger that drops everything (tests, quiet embedding). */
export function createSilentLogger(): Logger {
  const drop = (): void => {};
  return { debug: drop, info: drop, warn: drop, error: drop };
}
