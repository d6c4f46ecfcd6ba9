/**
 * Structured logging: fields first, then the message, as pino orders them, so a host's
 * pino instance fits as it is. Never pass secrets, passwords, raw tokens or codes.
 */
export interface Logger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}
