import type { Document, Long } from 'mongodb';
import { type Instant, MICROS_PER_MILLI } from '../../ports/clock.js';
import type { MongoDriver } from './load-driver.js';

/*
 * MongoDB dates hold milliseconds; regstack's instants hold microseconds, and revocation
 * compares `iat <= tokens_invalidated_after` exactly (Decision 45). So each instant is
 * stored twice: `<field>` as a BSON date (what TTL indexes, the spec's indexes and people
 * read) and `<field>_us` as the exact int64 microseconds. Filters narrow on the date (which
 * an index serves) and decide on the microseconds; a document without `_us` (written by
 * another tool) falls back to its date, erring on the side of "not yet expired", which for
 * the blacklist means revoked, as the spec asks of MongoDB.
 */

export function microsField(field: string): string {
  return `${field}_us`;
}

/** The millisecond date an instant falls in (floor, also before 1970). */
function dateOf(instant: Instant): Date {
  if (!Number.isSafeInteger(instant)) {
    throw new TypeError(`An instant must be whole microseconds, got ${instant}.`);
  }
  return new Date(Math.floor(instant / MICROS_PER_MILLI));
}

export type InstantFields = Record<string, Date | Long>;

/** The two stored fields of one instant. */
export function instantFields(driver: MongoDriver, field: string, instant: Instant): InstantFields {
  return {
    [field]: dateOf(instant),
    [microsField(field)]: driver.Long.fromNumber(instant),
  };
}

/**
 * The microseconds as a number: the driver reads int64 back as a number, but a document
 * regstack just built still holds the `Long` it wrote.
 */
function microsValue(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null;
  if (typeof value === 'bigint') return Number(value);
  const toNumber: unknown =
    typeof value === 'object' && value !== null ? Reflect.get(value, 'toNumber') : undefined;
  if (typeof toNumber !== 'function') return null;
  const number: unknown = Reflect.apply(toNumber, value, []);
  return typeof number === 'number' && Number.isSafeInteger(number) ? number : null;
}

/** Reads an instant back: the exact microseconds, else the date's milliseconds. */
export function readInstant(doc: Document, field: string): Instant {
  const micros = microsValue(doc[microsField(field)]);
  if (micros !== null) return micros;
  const date: unknown = doc[field];
  if (date instanceof Date && !Number.isNaN(date.getTime())) {
    return date.getTime() * MICROS_PER_MILLI;
  }
  throw new TypeError(`MongoDB field '${field}' should hold a date, found ${typeof date}.`);
}

export function readNullableInstant(doc: Document, field: string): Instant | null {
  const date: unknown = doc[field];
  return date === null || date === undefined ? null : readInstant(doc, field);
}

/** `field > instant`. */
export function laterThan(field: string, instant: Instant): Document {
  return { [field]: { $gte: dateOf(instant) }, [microsField(field)]: { $not: { $lte: instant } } };
}

/** `field >= instant`. */
export function atOrAfter(field: string, instant: Instant): Document {
  return { [field]: { $gte: dateOf(instant) }, [microsField(field)]: { $not: { $lt: instant } } };
}

/** `field < instant`. */
export function earlierThan(field: string, instant: Instant): Document {
  return { [field]: { $lte: dateOf(instant) }, [microsField(field)]: { $not: { $gte: instant } } };
}

/** Sort keys for time order at microsecond precision. */
export function byInstant(field: string, direction: 1 | -1): Record<string, 1 | -1> {
  return { [field]: direction, [microsField(field)]: direction };
}
