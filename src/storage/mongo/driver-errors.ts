import type { Document } from 'mongodb';

/*
 * The server's duplicate-key error (code 11000) names the violated index; regstack's unique
 * indexes carry the spec's names, so that name says which constraint a write broke.
 */

function field(error: unknown, name: string): unknown {
  return typeof error === 'object' && error !== null ? Reflect.get(error, name) : undefined;
}

/** Whether `error` is a duplicate key on the index named `index`. */
export function isDuplicateKey(error: unknown, index?: string): boolean {
  if (field(error, 'code') !== 11000) return false;
  if (index === undefined) return true;
  return new RegExp(`index:\\s*${index}\\b`).test(String(field(error, 'message')));
}

/** A missing collection answers `listIndexes` with NamespaceNotFound (26). */
export function isNamespaceNotFound(error: unknown): boolean {
  return field(error, 'code') === 26;
}

/** The document a `findAndModify` command answered with, or null. */
export function modifiedValue(reply: Document): Document | null {
  const value: unknown = reply.value;
  return typeof value === 'object' && value !== null ? (value as Document) : null;
}
