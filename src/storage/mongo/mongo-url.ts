import { ConfigError } from '../../errors/errors.js';

/**
 * The database a MongoDB URL names in its path (`mongodb://host/dbname`), else `fallback`
 * (`mongodb_database`, spec §10.1). The path starts at the first `/` after the scheme: a `/`
 * inside credentials must be percent-encoded in a MongoDB URL.
 */
export function databaseName(url: string, fallback: string | undefined, display: string): string {
  const rest = url.slice(url.indexOf('://') + 3);
  const slash = rest.indexOf('/');
  const raw = slash === -1 ? '' : (rest.slice(slash + 1).split('?')[0] ?? '');
  let name = raw;
  try {
    name = decodeURIComponent(raw);
  } catch {
    throw new ConfigError(`Invalid MongoDB database_url '${display}': the path is not decodable.`);
  }
  if (name !== '') return name;
  if (fallback !== undefined && fallback !== '') return fallback;
  throw new ConfigError(
    `MongoDB database_url '${display}' names no database: use mongodb://host:port/dbname ` +
      'or set mongodb_database.',
  );
}

/** The driver only accepts a lower-case scheme; `database_url` matching is case-insensitive. */
export function lowerCaseScheme(url: string): string {
  const end = url.indexOf('://');
  return end === -1 ? url : url.slice(0, end).toLowerCase() + url.slice(end);
}
