import { stringify } from 'smol-toml';

/** A TOML value `regstack init` writes. */
export type TomlValue = string | number | boolean;

/** One block of a document: top-level keys, or a `[table]` of keys. */
export type TomlBlock =
  | { readonly keys: Readonly<Record<string, TomlValue>> }
  | { readonly table: string; readonly keys: Readonly<Record<string, TomlValue>> };

/**
 * A TOML document: comment lines, then blocks separated by blank lines. Every key and value
 * goes through smol-toml's serializer, so quotes, backslashes and newlines in answers are
 * escaped (Decision 35); only the layout is ours.
 */
export function renderToml(comments: readonly string[], blocks: readonly TomlBlock[]): string {
  const header = comments.map((line) => `# ${line}`).join('\n');
  const body = blocks
    .filter((block) => Object.keys(block.keys).length > 0 || 'table' in block)
    .map((block) =>
      stringify('table' in block ? { [block.table]: block.keys } : block.keys).trim(),
    );
  return `${header}\n${body.join('\n\n')}\n`;
}
