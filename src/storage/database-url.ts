import { isAbsolute, resolve } from 'node:path';
import { maskDatabaseUrl } from '../config/mask-url.js';
import { ConfigError } from '../errors/errors.js';

/*
 * `database_url` spellings of TS-CONTRACT §11, matched case-insensitively by prefix.
 * The Python driver suffixes (`+aiosqlite`, `+asyncpg`) are accepted and dropped.
 */

/** A parsed `database_url`. `display` is the URL with its password masked (Decision 24). */
export type DatabaseUrl =
  | {
      readonly kind: 'sqlite';
      /** An absolute file path, or `:memory:`. */
      readonly path: string;
      readonly memory: boolean;
      readonly display: string;
    }
  | {
      readonly kind: 'postgres';
      /** The URL `pg` understands: `postgresql://…` without a driver suffix. */
      readonly connectionString: string;
      readonly display: string;
    }
  | { readonly kind: 'mongodb'; readonly url: string; readonly display: string };

const SQLITE_PREFIXES = ['sqlite+aiosqlite://', 'sqlite://'] as const;
const POSTGRES_PREFIXES = [
  'postgresql+asyncpg://',
  'postgres+asyncpg://',
  'postgresql://',
  'postgres://',
] as const;
const MONGODB_PREFIXES = ['mongodb://', 'mongodb+srv://'] as const;

function matchPrefix(url: string, prefixes: readonly string[]): string | null {
  const lower = url.toLowerCase();
  return prefixes.find((prefix) => lower.startsWith(prefix)) ?? null;
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function parseSqlite(url: string, prefix: string, cwd: string): DatabaseUrl {
  const display = maskDatabaseUrl(url);
  const rest = url.slice(prefix.length);
  // `sqlite://` alone is SQLAlchemy's spelling of an in-memory database.
  if (rest === '' || rest === '/:memory:') {
    return { kind: 'sqlite', path: ':memory:', memory: true, display };
  }
  if (!rest.startsWith('/') || rest.length === 1) {
    throw new ConfigError(
      `Invalid SQLite database_url '${display}'. Use sqlite:///relative.db, ` +
        'sqlite:////absolute/path.db or sqlite:///:memory:.',
    );
  }
  // Three slashes then the path: a fourth slash is the root of an absolute path.
  const path = decodePath(rest.slice(1));
  return {
    kind: 'sqlite',
    path: isAbsolute(path) ? path : resolve(cwd, path),
    memory: false,
    display,
  };
}

/**
 * Parses a `database_url`. Relative SQLite paths resolve against `cwd`.
 * An unknown scheme throws `ConfigError` with the spec's message (§2.7), password masked.
 */
export function parseDatabaseUrl(url: string, cwd: string = process.cwd()): DatabaseUrl {
  const trimmed = url.trim();
  const sqlite = matchPrefix(trimmed, SQLITE_PREFIXES);
  if (sqlite !== null) return parseSqlite(trimmed, sqlite, cwd);

  const postgres = matchPrefix(trimmed, POSTGRES_PREFIXES);
  if (postgres !== null) {
    return {
      kind: 'postgres',
      connectionString: `postgresql://${trimmed.slice(postgres.length)}`,
      display: maskDatabaseUrl(trimmed),
    };
  }

  if (matchPrefix(trimmed, MONGODB_PREFIXES) !== null) {
    return { kind: 'mongodb', url: trimmed, display: maskDatabaseUrl(trimmed) };
  }

  throw new ConfigError(
    `Unrecognised database_url scheme: '${maskDatabaseUrl(url)}'. ` +
      'Expected one of: sqlite+aiosqlite://, postgresql+asyncpg://, mongodb://.',
  );
}
