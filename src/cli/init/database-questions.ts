import { type Answerer, nonEmpty } from './answerer.js';
import type { InitOptions } from './init-options.js';

export interface DatabaseAnswers {
  readonly databaseUrl: string;
  /** Only for MongoDB. */
  readonly mongoDatabase: string | null;
}

const SQLITE_SCHEMES = ['sqlite://', 'sqlite+aiosqlite://'] as const;
const POSTGRES_SCHEMES = [
  'postgresql://',
  'postgres://',
  'postgresql+asyncpg://',
  'postgres+asyncpg://',
] as const;

function startsWithAny(value: string, prefixes: readonly string[]): boolean {
  const lower = value.toLowerCase();
  return prefixes.some((prefix) => lower.startsWith(prefix));
}

/** Prompt 5 and its sub-prompts (spec §12.1, Decision 35). */
export async function askDatabase(
  options: InitOptions,
  ask: Answerer,
  slug: string,
): Promise<DatabaseAnswers> {
  const backend = await ask.select(options.database, {
    message: 'Database backend',
    choices: ['sqlite', 'postgres', 'mongo'],
    default: 'sqlite',
    flag: '--database',
  });
  if (backend === 'sqlite') {
    const path = await ask.text(options.sqlitePath, {
      message: 'SQLite file path',
      default: `./${slug}.sqlite`,
      flag: '--sqlite-path',
      validate: nonEmpty,
    });
    // Decision 35: a sqlite:// or sqlite+aiosqlite:// URL is taken as it is.
    return {
      databaseUrl: startsWithAny(path, SQLITE_SCHEMES) ? path : `sqlite+aiosqlite:///${path}`,
      mongoDatabase: null,
    };
  }
  if (backend === 'postgres') {
    const url = await ask.text(options.postgresUrl, {
      message: 'Postgres URL',
      default: `postgresql+asyncpg://postgres@localhost/${slug}`,
      flag: '--postgres-url',
      // Decision 35: backend selection knows every spelling, so none is rewritten.
      validate: (value) =>
        startsWithAny(value, POSTGRES_SCHEMES)
          ? undefined
          : 'must start with postgresql:// or postgres:// (optionally +asyncpg)',
    });
    return { databaseUrl: url, mongoDatabase: null };
  }
  const host = await ask.text(options.mongoHost, {
    message: 'MongoDB host',
    default: 'localhost:27017',
    flag: '--mongo-host',
    validate: nonEmpty,
  });
  const database = await ask.text(options.mongoDatabase, {
    message: 'MongoDB database',
    default: slug,
    flag: '--mongo-database',
    validate: (value) => (/[/\s.]/.test(value) ? 'must not contain /, . or spaces' : undefined),
  });
  return { databaseUrl: `mongodb://${host}/${database}`, mongoDatabase: database };
}
