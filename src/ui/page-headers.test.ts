import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, originOf, pageHeaders } from './page-headers.js';

describe('originOf', () => {
  it('gives the origin of absolute http(s) URLs only', () => {
    expect(originOf('https://cdn.example.com:8443/a/theme.css?v=2')).toBe(
      'https://cdn.example.com:8443',
    );
    expect(originOf('http://127.0.0.1:9000/x.css')).toBe('http://127.0.0.1:9000');
    expect(originOf('/static/theme.css')).toBeNull();
    expect(originOf('//cdn.example.com/theme.css')).toBeNull();
    expect(originOf('javascript:alert(1)')).toBeNull();
    expect(originOf('https://')).toBeNull();
    expect(originOf(null)).toBeNull();
  });
});

describe('contentSecurityPolicy', () => {
  it('allows only self by default and forbids framing, plugins and base changes', () => {
    expect(contentSecurityPolicy({ themeCssUrl: null, brandLogoUrl: null })).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; " +
        "base-uri 'none'; object-src 'none'",
    );
  });

  it('adds the theme origin to styles, fonts and images, the logo origin to images, once each', () => {
    const policy = contentSecurityPolicy({
      themeCssUrl: 'https://brand.example/theme.css',
      brandLogoUrl: 'https://brand.example/logo.png',
    });
    expect(policy).toContain("style-src 'self' https://brand.example;");
    expect(policy).toContain("font-src 'self' https://brand.example;");
    expect(policy).toContain("img-src 'self' data: https://brand.example;");
    expect(policy).toContain("script-src 'self';");
  });

  it('pages are never cached or framed', () => {
    const headers = pageHeaders({ themeCssUrl: null, brandLogoUrl: null });
    expect(headers['Cache-Control']).toBe('no-store');
    expect(headers['X-Frame-Options']).toBe('DENY');
    expect(headers['Referrer-Policy']).toBe('no-referrer');
  });
});
