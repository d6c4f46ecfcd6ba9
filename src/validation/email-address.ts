import { domainToASCII, domainToUnicode } from 'node:url';

/*
 * Email syntax and normalisation after the rules of the reference's validator
 * (TS-CONTRACT §5): no DNS look-up, special-use domains refused, quoted local parts and
 * IP literals refused. The whole address is then lower-cased: email identity is
 * case-insensitive (Decision 28) and regstack stores it in that form.
 *
 * Identity is decided after Unicode compatibility normalisation (NFKC), not only NFC:
 * otherwise a full-width `＠`, full-width letters or a ligature spell a second account
 * (and a second lockout counter) for what a mail system and a reader take as one address.
 * What normalisation cannot fold is refused: invisible format characters and separators
 * inside the address, and a local part or domain label that mixes Latin with Cyrillic or
 * Greek letters (the homoglyphs of `аlice@example.com`).
 */

export type EmailParseResult =
  | { readonly ok: true; readonly email: string }
  | { readonly ok: false; readonly reason: string };

export const MAX_EMAIL_INPUT_LENGTH = 2048;
const MAX_ADDRESS_LENGTH = 254;
const MAX_LOCAL_LENGTH = 64;
const SPECIAL_USE_DOMAINS = ['arpa', 'invalid', 'local', 'localhost', 'onion', 'test'] as const;
// RFC 5322 atext plus any non-ASCII letter (SMTPUTF8 addresses are allowed).
const ATOM = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\uFFFF]+$/u;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const DISPLAY_NAME_FORM = /^[^<>]*<([^<>]+)>$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f]/;
// Zero-width and bidi characters, and spaces other than ASCII ones, left inside after trimming.
const INVISIBLE = /[\p{Cf}\p{Z}]/u;
const LATIN = /\p{Script=Latin}/u;
const LOOKALIKE_SCRIPTS = /[\p{Script=Cyrillic}\p{Script=Greek}]/u;

const fail = (reason: string): EmailParseResult => ({ ok: false, reason });

export function parseEmailAddress(input: string): EmailParseResult {
  if ([...input].length > MAX_EMAIL_INPUT_LENGTH) return fail('The email address is too long.');
  let text = input.normalize('NFKC').trim();
  const display = DISPLAY_NAME_FORM.exec(text);
  if (display?.[1] !== undefined) text = display[1].trim();
  if (CONTROL.test(text) || INVISIBLE.test(text)) {
    return fail('The email address contains invalid characters.');
  }
  if (/\p{Cs}/u.test(text)) {
    return fail('The email address contains invalid characters.');
  }
  const at = text.lastIndexOf('@');
  if (at < 0) return fail('An email address must have an @-sign.');
  const local = text.slice(0, at).normalize('NFC');
  const domainInput = text.slice(at + 1);
  if (local.length === 0) return fail('There must be something before the @-sign.');
  if (domainInput.length === 0) return fail('There must be something after the @-sign.');
  if (local.startsWith('"')) return fail('Quoted local parts are not allowed.');
  if (domainInput.startsWith('['))
    return fail('A bracketed IP address after the @-sign is not allowed here.');
  if ([...local].length > MAX_LOCAL_LENGTH) {
    return fail('The email address is too long before the @-sign.');
  }
  const localProblem = checkLocalPart(local);
  if (localProblem) return fail(localProblem);
  const domain = normaliseDomain(domainInput);
  if (!domain.ok) return domain;
  if ([local, ...domain.email.split('.')].some(mixesLookalikeScripts)) {
    return fail('The email address mixes Latin letters with Cyrillic or Greek ones.');
  }
  const email = `${local}@${domain.email}`.normalize('NFC').toLowerCase();
  if (new TextEncoder().encode(email).length > MAX_ADDRESS_LENGTH) {
    return fail('The email address is too long.');
  }
  return { ok: true, email };
}

function mixesLookalikeScripts(part: string): boolean {
  return LATIN.test(part) && LOOKALIKE_SCRIPTS.test(part);
}

function checkLocalPart(local: string): string | null {
  if (local.startsWith('.')) return 'An email address cannot start with a period.';
  if (local.endsWith('.'))
    return 'An email address cannot have a period immediately before the @-sign.';
  for (const atom of local.split('.')) {
    if (atom.length === 0) return 'An email address cannot have two periods in a row.';
    if (!ATOM.test(atom)) return 'The email address contains invalid characters before the @-sign.';
  }
  return null;
}

function normaliseDomain(input: string): EmailParseResult {
  const ascii = domainToASCII(input.normalize('NFC'));
  if (ascii === '' || ascii.endsWith('.') || ascii.startsWith('.')) {
    return fail('The domain name is not valid.');
  }
  const labels = ascii.split('.');
  if (labels.length < 2)
    return fail('The part after the @-sign is not valid. It should have a period.');
  for (const label of labels) {
    if (!LABEL.test(label)) return fail(`The domain name ${input} is not valid.`);
  }
  const tld = labels[labels.length - 1] ?? '';
  if (/^[0-9]+$/.test(tld)) return fail(`The domain name ${input} is not valid.`);
  for (const special of SPECIAL_USE_DOMAINS) {
    if (tld === special) {
      return fail(
        `The part after the @-sign is a special-use or reserved name that cannot be used with email.`,
      );
    }
  }
  if (ascii.length > 253) return fail('The email address is too long after the @-sign.');
  return { ok: true, email: domainToUnicode(ascii) };
}

/** The OAuth placeholder for a provider account without an email (Decision 13). */
export function oauthPlaceholderEmail(provider: string, subjectId: string): string {
  return `${provider}-${subjectId}@oauth.invalid`.toLowerCase();
}
