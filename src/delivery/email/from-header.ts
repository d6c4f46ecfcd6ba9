/** `From` header forms (spec §8.1: `"<from_name> <<from_address>>"`, e.g. `MyApp <noreply@example.com>`). */

/** The display form used in logs and the console transport: `Name <address>`. */
export function formatFromHeader(fromName: string, fromAddress: string): string {
  return fromName.trim() === '' ? fromAddress : `${fromName} <${fromAddress}>`;
}

// RFC 5322 `atext` plus spaces between words: a display name of these needs no quoting.
const PLAIN_PHRASE = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+$/;
// Printable ASCII that may appear inside a quoted string once `"` and `\` are escaped.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * The wire form for APIs that take a raw header value (SES `FromEmailAddress`): the display
 * name is quoted when it holds specials (a comma would otherwise split the address list) and
 * RFC 2047-encoded when it holds non-ASCII characters.
 */
export function encodeFromHeader(fromName: string, fromAddress: string): string {
  const name = fromName.trim();
  if (name === '') return fromAddress;
  if (PLAIN_PHRASE.test(name)) return `${name} <${fromAddress}>`;
  if (PRINTABLE_ASCII.test(name)) {
    return `"${name.replace(/["\\]/g, (c) => `\\${c}`)}" <${fromAddress}>`;
  }
  return `=?UTF-8?B?${Buffer.from(name, 'utf8').toString('base64')}?= <${fromAddress}>`;
}
