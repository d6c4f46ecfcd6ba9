import { parse, stringify } from 'smol-toml';

/*
 * The non-clobbering merge of spec §12.5.3. The TOML file is edited line by line, so
 * comments and every unrelated line stay as they were: `enable_oauth = true` is set at the
 * top level and the `[oauth]` table is replaced whole (its `[oauth.providers.*]` subtables
 * are other tables and stay). The secrets file gets one line replaced or appended.
 */

export const SECRET_NAME = 'REGSTACK_OAUTH__GOOGLE_CLIENT_SECRET';

export interface OAuthSetupValues {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly customRedirectUri: string | null;
  readonly autoLinkVerifiedEmails: boolean;
  readonly enforceMfaOnOauthSignin: boolean;
}

export interface MergeResult {
  readonly text: string;
  readonly replaced: boolean;
}

const HEADER = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/;

/** True when the document parses and has an `[oauth]` table (a broken file has none). */
export function hasOAuthTable(document: string | null): boolean {
  if (document === null) return false;
  try {
    const parsed = parse(document);
    return typeof parsed.oauth === 'object' && parsed.oauth !== null;
  } catch {
    return false;
  }
}

function oauthTable(values: OAuthSetupValues): string[] {
  const keys: Record<string, string | boolean> = { google_client_id: values.clientId };
  if (values.customRedirectUri !== null) keys.google_redirect_uri = values.customRedirectUri;
  keys.auto_link_verified_emails = values.autoLinkVerifiedEmails;
  keys.enforce_mfa_on_oauth_signin = values.enforceMfaOnOauthSignin;
  return ['[oauth]', ...stringify(keys).trim().split('\n')];
}

/** The new `regstack.toml`, and whether it replaced an existing `[oauth]` table. */
export function mergeToml(existing: string | null, values: OAuthSetupValues): MergeResult {
  return replaceTable(existing, 'oauth', oauthTable(values), hasOAuthTable(existing));
}

/** One `[oauth.providers.<name>]` table for a generic OpenID Connect provider. */
export interface OidcTableValues {
  readonly name: string;
  readonly displayName: string | null;
  readonly issuer: string;
  readonly clientId: string;
}

/** The new `regstack.toml` with `[oauth.providers.<name>]` added or replaced. */
export function mergeOidcToml(existing: string | null, values: OidcTableValues): MergeResult {
  const table = `oauth.providers.${values.name}`;
  const keys: Record<string, string> = { kind: 'oidc' };
  if (values.displayName !== null) keys.display_name = values.displayName;
  keys.issuer = values.issuer;
  keys.client_id = values.clientId;
  const lines = [`[${table}]`, ...stringify(keys).trim().split('\n')];
  const present = (existing ?? '').split('\n').some((line) => HEADER.exec(line)?.[1] === table);
  return replaceTable(existing, table, lines, present);
}

/** Sets `enable_oauth = true` and puts `table` in place of the table named `name`. */
function replaceTable(
  existing: string | null,
  name: string,
  table: readonly string[],
  replaced: boolean,
): MergeResult {
  const lines = existing === null || existing === '' ? [] : existing.replace(/\n$/, '').split('\n');
  const firstHeader = lines.findIndex((line) => HEADER.test(line));
  const topEnd = firstHeader === -1 ? lines.length : firstHeader;

  // Drop the old [oauth] table: from its header to the next header.
  const kept: string[] = [];
  let inOauth = false;
  let oauthAt = -1;
  for (const line of lines) {
    const header = HEADER.exec(line);
    if (header) {
      inOauth = header[1] === name && !line.trim().startsWith('[[');
      if (inOauth && oauthAt === -1) oauthAt = kept.length;
    }
    if (!inOauth) kept.push(line);
  }

  // enable_oauth = true at the top level.
  const top = kept.slice(0, Math.min(topEnd, kept.length));
  const rest = kept.slice(top.length);
  const flagAt = top.findIndex((line) => /^\s*enable_oauth\s*=/.test(line));
  if (flagAt >= 0) top[flagAt] = 'enable_oauth = true';
  else {
    let insertAt = top.length;
    while (insertAt > 0 && top[insertAt - 1]?.trim() === '') insertAt -= 1;
    top.splice(insertAt, 0, 'enable_oauth = true');
  }
  const shift = flagAt >= 0 ? 0 : 1;
  const body = [...top, ...rest];
  const at = oauthAt === -1 ? -1 : oauthAt + shift;
  if (at === -1) {
    if (body.length > 0 && body.at(-1)?.trim() !== '') body.push('');
    body.push(...table);
  } else {
    body.splice(
      at,
      0,
      ...table,
      ...(body[at] !== undefined && body[at]?.trim() !== '' ? [''] : []),
    );
  }
  return { text: `${body.join('\n')}\n`, replaced };
}

/** Replaces the line setting `name` (default: Google's secret) in place, or appends `line`. */
export function mergeSecrets(
  existing: string | null,
  line: string,
  name: string = SECRET_NAME,
): MergeResult {
  const lines = existing === null || existing === '' ? [] : existing.replace(/\n$/, '').split('\n');
  const at = lines.findIndex((entry) => entry.startsWith(`${name}=`));
  if (at >= 0) lines[at] = line;
  else lines.push(line);
  return { text: `${lines.join('\n')}\n`, replaced: at >= 0 };
}
