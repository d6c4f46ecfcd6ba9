import { z } from 'zod';
import { httpUrl, oneOf, stringList } from './fields.js';
import { Secret } from './secret.js';

// `[oauth.providers.<name>]` tables: sign-in providers beyond the built-in Google one.

/** One `[oauth.providers.<name>]` table. */
export interface OAuthProviderConfig {
  /** `oidc` (any OpenID Connect issuer, by discovery) or `github` (OAuth 2). @default "oidc" */
  readonly kind: 'oidc' | 'github';
  /** The name on buttons and in the providers list; null means the table name. @default null */
  readonly display_name: string | null;
  /** The OpenID issuer URL (`oidc` only, required there): https, or http on a loopback host. @default null */
  readonly issuer: string | null;
  /** The client id registered with the provider. Required. */
  readonly client_id: string;
  /** The client secret (env `REGSTACK_OAUTH__PROVIDERS__<NAME>__CLIENT_SECRET`). Required. */
  readonly client_secret: Secret;
  /** Scopes to ask for; null means `openid email profile` (oidc) or `read:user user:email` (github). @default null */
  readonly scopes: readonly string[] | null;
}

/** Provider names: the `/oauth/<name>/...` path segment and `oauth_identities.provider`. */
export const PROVIDER_NAME: RegExp = /^[a-z0-9-]+$/;
/** The built-in provider's name, configured by the `google_*` settings instead. */
export const RESERVED_PROVIDER_NAME = 'google';

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True for an `http://` URL on a loopback host (tests and local identity providers). */
export function isLoopbackHttpUrl(url: string): boolean {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  return parsed?.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname);
}

function required(message: string): { error: (issue: { input: unknown }) => string } {
  return { error: (issue) => (issue.input === undefined ? 'is required' : message) };
}

const nonEmpty = (message: string) =>
  z.string(required(message)).refine((value) => value.trim() !== '', 'must not be empty');

const providerShape = {
  kind: oneOf(['oidc', 'github']).default('oidc'),
  display_name: z.string({ error: 'must be a string' }).nullable().default(null),
  issuer: z
    .preprocess((value) => (value === '' ? null : value), httpUrl().nullable())
    .default(null),
  client_id: nonEmpty('must be a string'),
  client_secret: z.preprocess(
    (value) => (typeof value === 'string' ? new Secret(value) : value),
    z
      .instanceof(Secret, required('must be a string'))
      .refine((secret) => !secret.isEmpty(), 'must not be empty'),
  ),
  scopes: stringList().nullable().default(null),
};

type Issues = {
  push(issue: { code: 'custom'; message: string; input: unknown; path?: PropertyKey[] }): void;
};

/** Issuer rules that depend on `kind`; checked before the fields so every problem shows at once. */
function checkIssuer(raw: unknown, issues: Issues): void {
  if (typeof raw !== 'object' || raw === null) return;
  const { kind = 'oidc', issuer } = raw as { kind?: unknown; issuer?: unknown };
  if (kind !== 'oidc') return;
  if (issuer === undefined || issuer === null || issuer === '') {
    issues.push({
      code: 'custom',
      path: ['issuer'],
      message: 'is required when kind is "oidc"',
      input: issuer,
    });
  } else if (
    typeof issuer === 'string' &&
    URL.canParse(issuer) &&
    !issuer.startsWith('https://') &&
    !isLoopbackHttpUrl(issuer)
  ) {
    issues.push({
      code: 'custom',
      path: ['issuer'],
      message: 'must be an https:// URL (http:// only on localhost, 127.0.0.1 or [::1])',
      input: issuer,
    });
  }
}

const providerObject = z.object(providerShape, { error: 'must be a table of settings' });

/** Drops (and reports) tables whose name is not allowed; the others are validated as usual. */
function checkNames(raw: unknown, issues: Issues): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const kept: Record<string, unknown> = {};
  for (const [name, table] of Object.entries(raw)) {
    if (name === RESERVED_PROVIDER_NAME) {
      issues.push({
        code: 'custom',
        path: [name],
        message: "the name 'google' is reserved: configure Google with the google_* settings",
        input: name,
      });
    } else if (!PROVIDER_NAME.test(name)) {
      issues.push({
        code: 'custom',
        path: [name],
        message: 'provider names must be lowercase letters, digits and "-"',
        input: name,
      });
    } else {
      kept[name] = table;
    }
  }
  return kept;
}

/**
 * `oauth.providers`: provider tables by name. Each table is checked on its own, so that a
 * bad name, a bad field and a rule between fields are all reported in one go.
 */
export const oauthProvidersSchema: z.ZodType<
  Readonly<Record<string, OAuthProviderConfig>>,
  unknown
> = z.unknown().transform((raw, ctx) => {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    ctx.issues.push({ code: 'custom', message: 'must be a table of provider tables', input: raw });
    return z.NEVER;
  }
  const providers: Record<string, OAuthProviderConfig> = {};
  let failed = false;
  const issues: Issues = {
    push(issue) {
      failed = true;
      ctx.issues.push(issue);
    },
  };
  for (const [name, table] of Object.entries(checkNames(raw, issues) as Record<string, unknown>)) {
    checkIssuer(table, {
      push: (issue) => issues.push({ ...issue, path: [name, ...(issue.path ?? [])] }),
    });
    const parsed = providerObject.safeParse(table);
    if (parsed.success) {
      providers[name] = parsed.data;
      continue;
    }
    for (const issue of parsed.error.issues) {
      issues.push({
        code: 'custom',
        message: issue.message,
        input: undefined,
        path: [name, ...issue.path],
      });
    }
  }
  return failed ? z.NEVER : providers;
});

/** The field names of a provider table. */
export const PROVIDER_FIELDS: readonly string[] = Object.keys(providerShape);
