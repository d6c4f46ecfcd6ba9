import { readFileSync } from 'node:fs';
import { parse, TomlError } from 'smol-toml';
import {
  type ConfigProblem,
  fieldPath,
  isSubConfigName,
  type NamedTables,
  namedTables,
  type SourceResult,
} from './layer.js';

function isTable(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
  );
}

/**
 * The values of a parsed `regstack.toml`: top-level keys, and `[email]`, `[sms]`, `[oauth]`
 * tables. Values keep their TOML types (arrays stay arrays, Decision 9); unknown keys are ignored.
 */
export function tomlLayer(document: Record<string, unknown>, source: string): SourceResult {
  const layer = new Map<string, { value: unknown; source: string }>();
  const problems: ConfigProblem[] = [];
  for (const [key, value] of Object.entries(document)) {
    const name = key.toLowerCase();
    if (!isSubConfigName(name)) {
      const path = fieldPath([key]);
      if (path !== undefined) layer.set(path, { value, source });
      continue;
    }
    if (!isTable(value)) {
      problems.push({ path: name, message: 'must be a table of settings', source });
      continue;
    }
    for (const [subKey, subValue] of Object.entries(value)) {
      const tables = namedTables(name, subKey);
      if (tables !== undefined) {
        namedTableFields(tables, subValue, source, layer, problems);
        continue;
      }
      const path = fieldPath([name, subKey]);
      if (path !== undefined) layer.set(path, { value: subValue, source });
    }
  }
  return { layer, problems };
}

/** `[oauth.providers.<name>]` or `[webhooks.endpoints.<name>]` tables, one layer entry per field. */
function namedTableFields(
  { sub, key }: NamedTables,
  value: unknown,
  source: string,
  layer: Map<string, { value: unknown; source: string }>,
  problems: ConfigProblem[],
): void {
  if (!isTable(value)) {
    problems.push({
      path: `${sub}.${key}`,
      message: `must be a table of ${key === 'providers' ? 'provider' : 'endpoint'} tables`,
      source,
    });
    return;
  }
  for (const [name, table] of Object.entries(value)) {
    if (!isTable(table)) {
      problems.push({
        path: `${sub}.${key}.${name}`,
        message: 'must be a table of settings',
        source,
      });
      continue;
    }
    for (const [field, fieldValue] of Object.entries(table)) {
      const path = fieldPath([sub, key, name, field]);
      if (path !== undefined) layer.set(path, { value: fieldValue, source });
    }
  }
}

/** Reads and parses a TOML file; a syntax error becomes a problem naming the file and line. */
export function readTomlFile(path: string): SourceResult {
  let document: Record<string, unknown>;
  try {
    document = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return { layer: new Map(), problems: [{ path: '', message: describe(error), source: path }] };
  }
  return tomlLayer(document, path);
}

function describe(error: unknown): string {
  if (error instanceof TomlError) {
    // Only the first line: smol-toml appends the offending source lines, which may hold a secret.
    const [summary = 'Invalid TOML document'] = error.message.split('\n');
    return `${summary} (line ${error.line}, column ${error.column})`;
  }
  const code = (error as NodeJS.ErrnoException).code;
  return `cannot be read${typeof code === 'string' ? ` (${code})` : ''}`;
}
