/**
 * Response headers of every page. The pages carry no inline script or style (spec §11.4), so
 * the policy can refuse everything but our own files: an injected `<script>` or `style=` in a
 * host template or a reflected value never runs. Only the host's theme stylesheet (and its
 * fonts and images) and the brand logo may come from another origin.
 */

/** `https://cdn.example` for an absolute http(s) URL; null for a relative or unusable one. */
export function originOf(url: string | null): string | null {
  if (url === null || !/^https?:\/\//i.test(url)) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

export interface PagePolicyInputs {
  readonly themeCssUrl: string | null;
  readonly brandLogoUrl: string | null;
}

function directive(name: string, sources: readonly (string | null)[]): string {
  const unique = [...new Set(sources.filter((source) => source !== null))];
  return `${name} ${unique.join(' ')}`;
}

/** The `Content-Security-Policy` value of the pages. */
export function contentSecurityPolicy(inputs: PagePolicyInputs): string {
  const theme = originOf(inputs.themeCssUrl);
  const logo = originOf(inputs.brandLogoUrl);
  return [
    "default-src 'none'",
    "script-src 'self'",
    directive('style-src', ["'self'", theme]),
    directive('img-src', ["'self'", 'data:', theme, logo]),
    directive('font-src', ["'self'", theme]),
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** Every page response's headers. */
export function pageHeaders(inputs: PagePolicyInputs): Record<string, string> {
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': contentSecurityPolicy(inputs),
    // Links in emails put one-time tokens in page URLs: keep them out of shared caches and
    // out of the Referer of anything the page loads or links to.
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}
