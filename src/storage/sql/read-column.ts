/*
 * Column readers for rows as the drivers return them. Booleans are 0/1 on SQLite and
 * native on PostgreSQL; counts are numbers on SQLite and bigint text on PostgreSQL.
 */

export function readText(value: unknown): string {
  if (typeof value === 'string') return value;
  throw new TypeError(`Expected a text column, got ${typeof value}.`);
}

export function readNullableText(value: unknown): string | null {
  return value === null || value === undefined ? null : readText(value);
}

export function readBool(value: unknown): boolean {
  return value === true || value === 1 || value === 1n || value === '1' || value === 't';
}

export function readNullableBool(value: unknown): boolean | null {
  return value === null || value === undefined ? null : readBool(value);
}

export function readCount(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint' || typeof value === 'string') return Number(value);
  throw new TypeError(`Expected a number, got ${typeof value}.`);
}
