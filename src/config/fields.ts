import { z } from 'zod';

// Field builders for the config schema. Each one accepts what a source can hand it: a native
// TOML or override value, or the string form that the secrets file and the environment give.
// Messages never repeat the value, so a mistyped secret cannot leak through an error.

const INTEGER = /^[+-]?\d+$/;
const TRUE_WORDS: ReadonlySet<string> = new Set(['true', '1', 'yes']);
const FALSE_WORDS: ReadonlySet<string> = new Set(['false', '0', 'no']);
// A plain syntax check (TS-CONTRACT §5 owns the full email rules for user input).
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

function toInteger(value: unknown): unknown {
  if (typeof value === 'string' && INTEGER.test(value.trim())) return Number(value.trim());
  if (typeof value === 'bigint') return Number(value);
  return value;
}

function toBoolean(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return value;
}

/** Decision 9: a JSON array, or else a comma-separated list; TOML and overrides give arrays. */
function toList(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text.startsWith('[')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return value;
    }
  }
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export interface IntegerBounds {
  readonly min?: number | undefined;
  readonly max?: number | undefined;
}

/** A whole number within optional bounds; strings such as `"7200"` are read as numbers. */
export function integer(bounds: IntegerBounds = {}): z.ZodType<number, unknown> {
  let schema = z.int({ error: 'must be an integer' });
  if (bounds.min !== undefined) schema = schema.min(bounds.min, `must be >= ${bounds.min}`);
  if (bounds.max !== undefined) schema = schema.max(bounds.max, `must be <= ${bounds.max}`);
  return z.preprocess(toInteger, schema);
}

/** A boolean; strings `true`/`false`/`1`/`0`/`yes`/`no` in any case are accepted. */
export function flag(): z.ZodType<boolean, unknown> {
  return z.preprocess(toBoolean, z.boolean({ error: 'must be true or false (or 1/0, yes/no)' }));
}

/** A plain string. */
export function text(): z.ZodType<string, unknown> {
  return z.string({ error: 'must be a string' });
}

/** One of a fixed set of strings (case-sensitive, as in the spec). */
export function oneOf<const T extends readonly [string, ...string[]]>(
  values: T,
): z.ZodType<T[number], unknown> {
  return z.enum(values, { error: `must be one of ${values.join(', ')}` });
}

/** An email address, checked for plain `local@domain.tld` syntax. */
export function emailAddress(): z.ZodType<string, unknown> {
  return text().pipe(z.string().regex(EMAIL, 'must be an email address'));
}

/** A list of strings (paths): a TOML array, or in env a JSON array or comma-separated list. */
export function stringList(): z.ZodType<readonly string[], unknown> {
  return z.preprocess(
    toList,
    z.array(z.string({ error: 'must contain only strings' }), {
      error: 'must be a list (TOML array, JSON array or comma-separated list)',
    }),
  );
}

/**
 * An http(s) URL with a host, re-serialised by the WHATWG parser: the host is lower-cased,
 * default ports are dropped and a bare origin gains its trailing slash (spec §2.1 notes).
 */
export function httpUrl(): z.ZodType<string, unknown> {
  return text().transform((value, ctx) => {
    const url = URL.canParse(value) ? new URL(value) : undefined;
    if (url === undefined || !['http:', 'https:'].includes(url.protocol) || url.host === '') {
      ctx.issues.push({
        code: 'custom',
        message: 'must be an http(s) URL with a host',
        input: value,
      });
      return z.NEVER;
    }
    return url.href;
  });
}

/** An optional http(s) URL; an empty string (an env var set to nothing) means none. */
export function optionalHttpUrl(): z.ZodType<string | null, unknown> {
  return z.preprocess((value) => (value === '' ? null : value), httpUrl().nullable());
}
