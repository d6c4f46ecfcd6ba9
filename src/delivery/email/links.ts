/** Emailed links (spec §8.2 with Decision 1): they point at the bundled pages. */

import type { LinkPage } from '../../ports/delivery.js';

export interface EmailLinkOptions {
  /** `base_url` of the configuration. */
  readonly baseUrl: string;
  /** `ui_prefix` of the configuration, e.g. `/account`. */
  readonly uiPrefix: string;
  /** `email_link_base_url`: replaces `{baseUrl}{uiPrefix}` when set (a host serving its own pages). */
  readonly emailLinkBaseUrl?: string | null | undefined;
  readonly page: LinkPage;
  /** Raw token; URL-safe already, so it is inserted as it is. */
  readonly token: string;
}

function stripTrailingSlashes(value: string): string {
  return value.replace(/\/+$/, '');
}

/**
 * Builds `{base}{ui}/<page>?token=<token>`; only the `token` parameter is a promise to clients.
 *
 * @example
 * buildEmailLink({ baseUrl: 'https://app.example/', uiPrefix: '/account', page: 'verify', token });
 * // → 'https://app.example/account/verify?token=…'
 */
export function buildEmailLink(options: EmailLinkOptions): string {
  const override = options.emailLinkBaseUrl;
  const base =
    override !== null && override !== undefined && override !== ''
      ? stripTrailingSlashes(override)
      : stripTrailingSlashes(options.baseUrl) + stripTrailingSlashes(options.uiPrefix);
  return `${base}/${options.page}?token=${options.token}`;
}
