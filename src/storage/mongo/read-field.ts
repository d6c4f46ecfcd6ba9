import type { Document } from 'mongodb';

/*
 * Field readers for documents as the driver returns them. A document edited by hand with a
 * wrong type is reported by collection and field instead of flowing on as a wrong value.
 */

function wrongType(doc: Document, field: string, expected: string): TypeError {
  const value: unknown = doc[field];
  const got = value === null ? 'null' : value === undefined ? 'nothing' : typeof value;
  return new TypeError(`MongoDB field '${field}' should hold ${expected}, found ${got}.`);
}

export function readText(doc: Document, field: string): string {
  const value: unknown = doc[field];
  if (typeof value === 'string') return value;
  throw wrongType(doc, field, 'a string');
}

/** A missing field is null: documents omit null-valued fields (spec §10.4). */
export function readNullableText(doc: Document, field: string): string | null {
  const value: unknown = doc[field];
  return value === null || value === undefined ? null : readText(doc, field);
}

export function readBool(doc: Document, field: string): boolean {
  const value: unknown = doc[field];
  if (typeof value === 'boolean') return value;
  throw wrongType(doc, field, 'a boolean');
}

export function readNullableBool(doc: Document, field: string): boolean | null {
  const value: unknown = doc[field];
  return value === null || value === undefined ? null : readBool(doc, field);
}

export function readInteger(doc: Document, field: string): number {
  const value: unknown = doc[field];
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  throw wrongType(doc, field, 'an integer');
}

/** Ids regstack assigned are ObjectIds, read as their 24-hex string (spec §3.1). */
export function readId(doc: Document): string {
  const value: unknown = doc._id;
  if (typeof value === 'string') return value;
  const toHex: unknown =
    typeof value === 'object' && value !== null ? Reflect.get(value, 'toHexString') : undefined;
  if (typeof toHex === 'function') {
    const hex: unknown = Reflect.apply(toHex, value, []);
    if (typeof hex === 'string') return hex;
  }
  throw wrongType(doc, '_id', 'an ObjectId');
}
