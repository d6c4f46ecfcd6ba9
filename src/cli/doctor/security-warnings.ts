import type { RegstackConfig } from '../../config/schema.js';
import { type CheckResult, warn } from './check-result.js';

/** True for a base URL on this machine (`localhost`, `*.localhost`, 127.0.0.0/8, `::1`). */
export function isLocalUrl(url: string): boolean {
  const host = new URL(url).hostname.toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127\.\d+\.\d+\.\d+$/.test(host) ||
    host === '[::1]'
  );
}

/**
 * Settings that are fine on a laptop and dangerous in production (Decision 20): development
 * transports that print tokens and codes, plain http, and disabled rate limits. Warnings
 * never count as failed checks.
 */
export function securityWarnings(config: RegstackConfig): CheckResult[] {
  const base = config.base_url;
  const local = isLocalUrl(base);
  const warnings: CheckResult[] = [];
  if (!local && config.email.backend === 'console') {
    warnings.push(
      warn(
        'security',
        `console email backend with non-local base_url ${base}: emails, links included, are printed instead of sent`,
      ),
    );
  }
  if (!local && config.sms.backend === 'null') {
    warnings.push(
      warn(
        'security',
        `null SMS backend with non-local base_url ${base}: SMS codes are printed instead of sent`,
      ),
    );
  }
  if (!local && base.startsWith('http://')) {
    warnings.push(
      warn('security', `base_url ${base} is plain http on a non-local host; use https://`),
    );
  }
  if (config.rate_limit_disabled) {
    warnings.push(
      warn('security', 'rate_limit_disabled is true: no login lockout and no per-IP limits'),
    );
  }
  return warnings;
}
