import { readFileSync } from 'node:fs';
import { envNamesLayer } from './env-source.js';
import type { SourceResult } from './layer.js';

/**
 * Parses the minimal dotenv format of spec §2.5: `KEY=value` per line; blank lines, `#` lines
 * and lines without `=` are skipped; key and value are trimmed; one pair of matching quotes
 * around the value is removed. No `export`, escapes, inline comments or interpolation.
 */
export function parseSecretsFile(text: string): Array<readonly [string, string]> {
  const pairs: Array<readonly [string, string]> = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const equals = line.indexOf('=');
    if (equals === -1) continue;
    const key = line.slice(0, equals).trim();
    pairs.push([key, unquote(line.slice(equals + 1).trim())]);
  }
  return pairs;
}

function unquote(value: string): string {
  const first = value[0];
  const quoted = value.length >= 2 && (first === '"' || first === "'") && value.endsWith(first);
  return quoted ? value.slice(1, -1) : value;
}

/** Reads a secrets file; its keys are full env names (`REGSTACK_JWT_SECRET=…`). */
export function readSecretsFile(path: string): SourceResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = `cannot be read${typeof code === 'string' ? ` (${code})` : ''}`;
    return { layer: new Map(), problems: [{ path: '', message, source: path }] };
  }
  return {
    layer: envNamesLayer(parseSecretsFile(text.replace(/^\uFEFF/, '')), () => path),
    problems: [],
  };
}
