/** One server-rendered page: its path under `ui_prefix`, its template and its `page` id. */
export interface PageEntry {
  readonly path: string;
  readonly template: string;
  readonly id: string;
}

/**
 * The nine pages of spec §11.1. All are always registered (Decision 5): feature flags change
 * what a page shows, never whether it exists.
 */
export const PAGES: readonly PageEntry[] = [
  { path: '/login', template: 'auth/login.html', id: 'login' },
  { path: '/register', template: 'auth/register.html', id: 'register' },
  { path: '/verify', template: 'auth/verify.html', id: 'verify' },
  { path: '/forgot', template: 'auth/forgot.html', id: 'forgot' },
  { path: '/reset', template: 'auth/reset.html', id: 'reset' },
  { path: '/me', template: 'auth/me.html', id: 'me' },
  {
    path: '/confirm-email-change',
    template: 'auth/email_change_confirm.html',
    id: 'confirm-email-change',
  },
  { path: '/mfa-confirm', template: 'auth/mfa_confirm.html', id: 'mfa-confirm' },
  { path: '/oauth-complete', template: 'auth/oauth_complete.html', id: 'oauth-complete' },
];

/** Rendered, with status 404, for any other path under `ui_prefix`. */
export const NOT_FOUND_PAGE: PageEntry = {
  path: '',
  template: 'auth/not_found.html',
  id: 'not-found',
};
