import { type Instant, MICROS_PER_MILLI, MICROS_PER_SECOND } from '../../ports/clock.js';

/*
 * Instants and booleans as each dialect stores them (spec §10.2, Decision 45):
 * SQLite keeps UTC text `YYYY-MM-DD HH:MM:SS.ffffff` (fixed width, so text order is time
 * order, and the format the Python library writes) and 0/1; PostgreSQL keeps
 * `timestamptz` and native booleans. Every value keeps whole microseconds.
 */

export type SqlDialectName = 'sqlite' | 'postgres';

/** How an instant is stored in a timestamp column (text on both drivers). */
export type StoredInstant = string;
/** How a boolean is stored: 0/1 on SQLite, native on PostgreSQL. */
export type StoredBool = number | boolean;

export interface SqlCodec {
  readonly dialect: SqlDialectName;
  instant(instant: Instant): StoredInstant;
  bool(value: boolean): StoredBool;
}

function splitInstant(instant: Instant): { dateTime: string; micros: string } {
  if (!Number.isSafeInteger(instant)) {
    throw new TypeError(`An instant must be whole microseconds, got ${instant}.`);
  }
  const seconds = Math.floor(instant / MICROS_PER_SECOND);
  const micros = instant - seconds * MICROS_PER_SECOND;
  return {
    dateTime: new Date(seconds * 1000).toISOString().slice(0, 19),
    micros: String(micros).padStart(6, '0'),
  };
}

const TEXT_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?\s*(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?$/i;

function offsetMicros(offset: string | undefined): number {
  if (offset === undefined || offset.toUpperCase() === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replaceAll(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2, 4) || '0');
  const seconds = Number(digits.slice(4, 6) || '0');
  return sign * (hours * 3600 + minutes * 60 + seconds) * MICROS_PER_SECOND;
}

/**
 * Reads a stored instant: SQLite text (naive means UTC), PostgreSQL `timestamptz` text in
 * any session time zone, or a `Date` when a host's pool parses timestamps itself
 * (milliseconds only: the best such a driver can give).
 */
export function readInstant(value: unknown): Instant {
  if (value instanceof Date) return value.getTime() * MICROS_PER_MILLI;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value !== 'string') {
    throw new TypeError(`Cannot read a timestamp from ${typeof value}.`);
  }
  const match = TEXT_INSTANT.exec(value.trim());
  if (match === null) throw new TypeError(`Cannot read a timestamp from '${value}'.`);
  const [, year, month, day, hour, minute, second, fraction, offset] = match;
  const wholeSeconds =
    Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute)) / 1000 +
    Number(second);
  const micros = Number((fraction ?? '').padEnd(6, '0').slice(0, 6));
  return wholeSeconds * MICROS_PER_SECOND + micros - offsetMicros(offset);
}

export function readNullableInstant(value: unknown): Instant | null {
  return value === null || value === undefined ? null : readInstant(value);
}

export const SQLITE_CODEC: SqlCodec = {
  dialect: 'sqlite',
  instant(instant) {
    const { dateTime, micros } = splitInstant(instant);
    return `${dateTime.replace('T', ' ')}.${micros}`;
  },
  bool: (value) => (value ? 1 : 0),
};

export const POSTGRES_CODEC: SqlCodec = {
  dialect: 'postgres',
  instant(instant) {
    const { dateTime, micros } = splitInstant(instant);
    return `${dateTime}.${micros}+00:00`;
  },
  bool: (value) => value,
};
