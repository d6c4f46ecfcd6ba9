import { chmodSync, existsSync, writeFileSync } from 'node:fs';

const SECRET_MODE = 0o600;

/**
 * One `NAME=value` line in the minimal dotenv format of spec §2.5. That reader trims the
 * value and strips one pair of matching quotes, so a value with edge whitespace or an edge
 * quote is wrapped in double quotes, which round-trips any single-line value exactly.
 */
export function envLine(name: string, value: string): string {
  if (/[\r\n]/.test(value)) {
    throw new RangeError(`${name}: a value in the secrets file must be a single line`);
  }
  const needsQuotes = value !== value.trim() || /^["']|["']$/.test(value);
  return `${name}=${needsQuotes ? `"${value}"` : value}`;
}

/**
 * Writes a secrets file readable by its owner only. An existing file is narrowed to 0600
 * before the new content goes in, so the secrets never sit in a wider-open file.
 */
export function writeSecretsFile(path: string, content: string): void {
  if (existsSync(path)) chmodSync(path, SECRET_MODE);
  writeFileSync(path, content, { mode: SECRET_MODE });
  chmodSync(path, SECRET_MODE);
}
