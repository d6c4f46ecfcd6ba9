const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const QUERY_PASSWORD = /([?&;]password=)[^&;#]*/gi;

/**
 * The URL with any password replaced by `***` (Decision 24): the one in `user:pass@host`
 * and a `password=` query parameter. Never throws; text it cannot read is returned as is.
 * When unsure where the user info ends, it masks too much rather than too little.
 */
export function maskDatabaseUrl(url: string): string {
  const scheme = SCHEME.exec(url)?.[0] ?? '';
  const rest = url.slice(scheme.length);
  return scheme + maskUserInfo(rest).replace(QUERY_PASSWORD, '$1***');
}

function maskUserInfo(rest: string): string {
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
  // A password with an unescaped `/`, `?` or `#` ends the authority early; then fall back
  // to the last `@` anywhere, which may hide part of the host but never shows the password.
  const at = authority.includes('@') ? authority.lastIndexOf('@') : rest.lastIndexOf('@');
  if (at === -1) return rest;
  const userInfo = rest.slice(0, at);
  const colon = userInfo.indexOf(':');
  if (colon === -1) return rest;
  return `${userInfo.slice(0, colon)}:***${rest.slice(at)}`;
}
