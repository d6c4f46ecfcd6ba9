import { PROVIDER_FIELDS } from './oauth-providers.js';
import { TOP_LEVEL_FIELDS } from './schema.js';
import { SUB_CONFIG_FIELDS, type SubConfigName } from './sub-schemas.js';

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

/**
 * The dotted path of the leaf field named by `segments` (matched case-insensitively, as env
 * names are), or undefined for an unknown name, which every source ignores (spec §2.1).
 */
export function fieldPath(segments: readonly string[]): string | undefined {
  const [first, second, ...rest] = segments.map((segment) => segment.toLowerCase());
  if (first === 'oauth' && second === 'providers') return providerFieldPath(segments.slice(2));
  if (first === undefined || rest.length > 0) return undefined;
  if (second === undefined) return TOP_FIELDS.has(first) ? first : undefined;
  if (!isSubConfigName(first) || !SUB_CONFIG_FIELDS[first].includes(second)) return undefined;
  return `${first}.${second}`;
}

/**
 * `oauth.providers.<name>.<field>`. The name keeps its case so that the schema can refuse
 * a name that is not lowercase; env names are lower-cased before they get here.
 */
function providerFieldPath(segments: readonly string[]): string | undefined {
  const [name, field, ...rest] = segments;
  if (name === undefined || field === undefined || rest.length > 0) return undefined;
  const lowered = field.toLowerCase();
  return PROVIDER_FIELDS.includes(lowered) ? `oauth.providers.${name}.${lowered}` : undefined;
}

/** The dotted path of an OAuth provider table's field, split: `[name, field]`, or undefined. */
export function splitProviderPath(path: string): readonly [string, string] | undefined {
  const match = /^oauth\.providers\.(.+)\.([a-z_]+)$/.exec(path);
  return match?.[1] !== undefined && match[2] !== undefined ? [match[1], match[2]] : undefined;
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
  const providers: Record<string, Record<string, unknown>> = {};
  for (const [path, { value }] of layer) {
    const provider = splitProviderPath(path);
    if (provider !== undefined) {
      const [name, field] = provider;
      providers[name] = { ...providers[name], [field]: value };
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
  if (Object.keys(providers).length > 0) subs.oauth = { ...subs.oauth, providers };
  return { ...raw, ...subs };
}
