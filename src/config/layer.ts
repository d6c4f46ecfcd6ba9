import { PROVIDER_FIELDS } from './oauth-providers.js';
import { TOP_LEVEL_FIELDS } from './schema.js';
import { SUB_CONFIG_FIELDS, type SubConfigName } from './sub-schemas.js';
import { ENDPOINT_FIELDS } from './webhook-endpoints.js';

/** A raw value as one source wrote it, with a label naming that source. */
export interface SourcedValue {
  readonly value: unknown;
  /** `default`, a file path, `env REGSTACK_X` or `override`. */
  readonly source: string;
}

/** One source's raw values, keyed by dotted field path (`jwt_secret`, `email.smtp_port`). */
export type Layer = ReadonlyMap<string, SourcedValue>;

/** Something wrong with the configuration; `path` is empty for a whole-file problem. */
export interface ConfigProblem {
  readonly path: string;
  readonly message: string;
  readonly source: string;
}

/** What a source yields: its values, and what it could not read. */
export interface SourceResult {
  readonly layer: Layer;
  readonly problems: readonly ConfigProblem[];
}

const SUB_NAMES: ReadonlySet<string> = new Set(Object.keys(SUB_CONFIG_FIELDS));
const TOP_FIELDS: ReadonlySet<string> = new Set(
  TOP_LEVEL_FIELDS.filter((name) => !SUB_NAMES.has(name)),
);

/** Narrows a name to a sub-config name. */
export function isSubConfigName(name: string): name is SubConfigName {
  return SUB_NAMES.has(name);
}

/** A sub-config key holding tables by name: `[oauth.providers.<name>]`, `[webhooks.endpoints.<name>]`. */
export interface NamedTables {
  readonly sub: SubConfigName;
  readonly key: string;
  readonly fields: readonly string[];
}

export const NAMED_TABLES: readonly NamedTables[] = [
  { sub: 'oauth', key: 'providers', fields: PROVIDER_FIELDS },
  { sub: 'webhooks', key: 'endpoints', fields: ENDPOINT_FIELDS },
];

/** The named tables at `sub.key`, if that is one. */
export function namedTables(sub: string, key: string | undefined): NamedTables | undefined {
  const lowered = key?.toLowerCase();
  return NAMED_TABLES.find((tables) => tables.sub === sub && tables.key === lowered);
}

/**
 * The dotted path of the leaf field named by `segments` (matched case-insensitively, as env
 * names are), or undefined for an unknown name, which every source ignores (spec §2.1).
 */
export function fieldPath(segments: readonly string[]): string | undefined {
  const [first, second, ...rest] = segments.map((segment) => segment.toLowerCase());
  const tables = first === undefined ? undefined : namedTables(first, second);
  if (tables !== undefined) return namedFieldPath(tables, segments.slice(2));
  if (first === undefined || rest.length > 0) return undefined;
  if (second === undefined) return TOP_FIELDS.has(first) ? first : undefined;
  if (!isSubConfigName(first) || !SUB_CONFIG_FIELDS[first].includes(second)) return undefined;
  return `${first}.${second}`;
}

/**
 * `<sub>.<key>.<name>.<field>`. The name keeps its case so that the schema can refuse
 * a name that is not lowercase; env names are lower-cased before they get here.
 */
function namedFieldPath(tables: NamedTables, segments: readonly string[]): string | undefined {
  const [name, field, ...rest] = segments;
  if (name === undefined || field === undefined || rest.length > 0) return undefined;
  const lowered = field.toLowerCase();
  return tables.fields.includes(lowered)
    ? `${tables.sub}.${tables.key}.${name}.${lowered}`
    : undefined;
}

/** A named table's field path, split: the tables, the name and the field; or undefined. */
export function splitNamedPath(
  path: string,
): { readonly tables: NamedTables; readonly name: string; readonly field: string } | undefined {
  for (const tables of NAMED_TABLES) {
    const prefix = `${tables.sub}.${tables.key}.`;
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    const dot = rest.lastIndexOf('.');
    if (dot <= 0) return undefined;
    return { tables, name: rest.slice(0, dot), field: rest.slice(dot + 1) };
  }
  return undefined;
}

/** Every leaf field path, in schema order. */
export function allFieldPaths(): readonly string[] {
  return TOP_LEVEL_FIELDS.flatMap((name) =>
    isSubConfigName(name) ? SUB_CONFIG_FIELDS[name].map((field) => `${name}.${field}`) : [name],
  );
}

/** The raw input object for the schema: top-level values, and one object per sub-config. */
export function nest(layer: Layer): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  const subs: Partial<Record<SubConfigName, Record<string, unknown>>> = {};
  const named = new Map<NamedTables, Record<string, Record<string, unknown>>>();
  for (const [path, { value }] of layer) {
    const split = splitNamedPath(path);
    if (split !== undefined) {
      const tables = named.get(split.tables) ?? {};
      tables[split.name] = { ...tables[split.name], [split.field]: value };
      named.set(split.tables, tables);
      continue;
    }
    const [first = '', second] = path.split('.');
    if (second === undefined || !isSubConfigName(first)) {
      raw[first] = value;
      continue;
    }
    const sub = subs[first] ?? {};
    sub[second] = value;
    subs[first] = sub;
  }
  for (const [{ sub, key }, tables] of named) subs[sub] = { ...subs[sub], [key]: tables };
  return { ...raw, ...subs };
}
