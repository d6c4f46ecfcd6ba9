import { fieldPath, type Layer, type SourcedValue } from './layer.js';

const PREFIX = 'REGSTACK_';

/**
 * The dotted field path an env name sets: `REGSTACK_` + field, `__` nesting into a
 * sub-config, matched case-insensitively (spec §2.1). Undefined for any other name.
 */
export function envNameToPath(name: string): string | undefined {
  if (!name.toUpperCase().startsWith(PREFIX)) return undefined;
  return fieldPath(name.slice(PREFIX.length).toLowerCase().split('__'));
}

/**
 * Values from `NAME=value` pairs. Later pairs win, except that the canonical upper-case
 * spelling of a name wins over other spellings of it, so the result does not depend on order.
 */
export function envNamesLayer(
  pairs: Iterable<readonly [string, string | undefined]>,
  sourceOf: (name: string) => string,
): Layer {
  const canonicalLast = [...pairs].sort(
    ([a], [b]) => Number(a === a.toUpperCase()) - Number(b === b.toUpperCase()),
  );
  const layer = new Map<string, SourcedValue>();
  for (const [name, value] of canonicalLast) {
    const path = envNameToPath(name);
    if (path !== undefined && value !== undefined)
      layer.set(path, { value, source: sourceOf(name) });
  }
  return layer;
}

/** Values from the process environment (or a stand-in), labelled `env <NAME>`. */
export function envLayer(env: Readonly<Record<string, string | undefined>>): Layer {
  return envNamesLayer(Object.entries(env), (name) => `env ${name}`);
}
