import type { RegstackConfig } from '../config/schema.js';
import type { TemplateVars } from '../render/template-engine.js';

/** Strips trailing slashes; the root prefix becomes the empty string. */
export function trimPrefix(prefix: string): string {
  return prefix.replace(/\/+$/, '');
}

/** The variables every page template sees (spec §11.2), for page `page`. */
export function pageContext(
  config: RegstackConfig,
  page: string,
  oauthProviders: readonly string[],
  oauthDisplayNames: Readonly<Record<string, string>> = {},
): TemplateVars {
  const sorted = [...oauthProviders].sort();
  return {
    page,
    app_name: config.app_name,
    brand_logo_url: config.brand_logo_url,
    brand_tagline: config.brand_tagline,
    api_prefix: trimPrefix(config.api_prefix),
    ui_prefix: trimPrefix(config.ui_prefix),
    static_prefix: trimPrefix(config.static_prefix),
    theme_css_url: config.theme_css_url,
    allow_registration: config.allow_registration,
    enable_password_reset: config.enable_password_reset,
    enable_account_deletion: config.enable_account_deletion,
    enable_sms_2fa: config.enable_sms_2fa,
    enable_totp: config.enable_totp,
    enable_oauth: config.enable_oauth,
    oauth_providers: sorted,
    // The button label of each provider: its display name, else its name capitalised.
    oauth_buttons: sorted.map((name) => ({
      name,
      label: oauthDisplayNames[name] ?? `${name.charAt(0).toUpperCase()}${name.slice(1)}`,
    })),
  };
}
