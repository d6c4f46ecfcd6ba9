import { describe, expect, it } from 'vitest';
import { buildEmailLink } from './links.js';

const token = 'abc-DEF_123.xyz';

describe('buildEmailLink', () => {
  it('joins base_url, ui_prefix and the page (Decision 1)', () => {
    expect(
      buildEmailLink({
        baseUrl: 'http://localhost:8000',
        uiPrefix: '/account',
        page: 'verify',
        token,
      }),
    ).toBe(`http://localhost:8000/account/verify?token=${token}`);
    expect(
      buildEmailLink({ baseUrl: 'https://a.example', uiPrefix: '/account', page: 'reset', token }),
    ).toBe(`https://a.example/account/reset?token=${token}`);
    expect(
      buildEmailLink({
        baseUrl: 'https://a.example',
        uiPrefix: '/u',
        page: 'confirm-email-change',
        token,
      }),
    ).toBe(`https://a.example/u/confirm-email-change?token=${token}`);
  });

  it('strips trailing slashes from both parts', () => {
    expect(
      buildEmailLink({
        baseUrl: 'https://a.example/',
        uiPrefix: '/account/',
        page: 'verify',
        token,
      }),
    ).toBe(`https://a.example/account/verify?token=${token}`);
    expect(
      buildEmailLink({ baseUrl: 'https://a.example/app//', uiPrefix: '/', page: 'reset', token }),
    ).toBe(`https://a.example/app/reset?token=${token}`);
    expect(
      buildEmailLink({ baseUrl: 'https://a.example', uiPrefix: '', page: 'verify', token }),
    ).toBe(`https://a.example/verify?token=${token}`);
  });

  it('email_link_base_url replaces base_url and ui_prefix', () => {
    expect(
      buildEmailLink({
        baseUrl: 'https://api.example',
        uiPrefix: '/account',
        emailLinkBaseUrl: 'https://spa.example/auth/',
        page: 'reset',
        token,
      }),
    ).toBe(`https://spa.example/auth/reset?token=${token}`);
  });

  it('a null or empty email_link_base_url is ignored', () => {
    for (const emailLinkBaseUrl of [null, undefined, '']) {
      expect(
        buildEmailLink({
          baseUrl: 'https://a.example',
          uiPrefix: '/account',
          emailLinkBaseUrl,
          page: 'verify',
          token,
        }),
      ).toBe(`https://a.example/account/verify?token=${token}`);
    }
  });

  it('inserts the token without encoding it again', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-_';
    expect(
      buildEmailLink({ baseUrl: 'https://a.example', uiPrefix: '', page: 'reset', token: jwt }),
    ).toBe(`https://a.example/reset?token=${jwt}`);
  });
});
