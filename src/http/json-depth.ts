/** The deepest nesting of arrays and objects a request body may have. */
export const MAX_JSON_DEPTH = 32;

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/*
 * A body of thirty thousand nested arrays parses, but every recursive walk after it (the
 * validator, the 422 echo, a logger) can overflow the stack. One pass over the text,
 * before JSON.parse, finds the first bracket past the limit; brackets inside strings do
 * not count.
 */
export function firstTooDeep(text: string, maxDepth: number = MAX_JSON_DEPTH): number | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === BACKSLASH) i++;
      else if (ch === QUOTE) inString = false;
    } else if (ch === QUOTE) {
      inString = true;
    } else if (ch === OPEN_OBJECT || ch === OPEN_ARRAY) {
      depth++;
      if (depth > maxDepth) return i;
    } else if (ch === CLOSE_OBJECT || ch === CLOSE_ARRAY) {
      depth--;
    }
  }
  return null;
}
