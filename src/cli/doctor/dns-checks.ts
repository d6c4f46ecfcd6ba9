import { Resolver } from 'node:dns/promises';
import { type CheckResult, errorLine, fail, pass } from './check-result.js';

/** Spec §12.3: DNS lookups get a 5 s lifetime. */
export const DNS_TIMEOUT_MS = 5000;

function lookupError(error: unknown, timeoutMs: number): string {
  const code = error instanceof Error ? Reflect.get(error, 'code') : undefined;
  switch (code) {
    case 'ENOTFOUND':
      return 'NXDOMAIN';
    case 'ENODATA':
      return 'no records';
    case 'ETIMEOUT':
      return `no answer within ${timeoutMs} ms`;
    case 'ECONNREFUSED':
      return 'DNS server refused the query';
    default:
      return typeof code === 'string' ? code : errorLine(error);
  }
}

async function txtRecords(resolver: Resolver, name: string): Promise<string[]> {
  const records = await resolver.resolveTxt(name);
  return records.map((chunks) => chunks.join(''));
}

/**
 * `--check-dns`: MX, SPF and DMARC of the sender's domain (Decision 37: the code's three
 * look-ups, not DKIM). Each failure is a failed check; nothing here throws.
 */
export async function checkDns(fromAddress: string, timeoutMs: number): Promise<CheckResult[]> {
  const at = fromAddress.lastIndexOf('@');
  if (at === -1) return [fail('dns sender', `invalid sender: '${fromAddress}'`)];
  const domain = fromAddress.slice(at + 1).toLowerCase();
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  const failed =
    (name: string, subject: string) =>
    (error: unknown): CheckResult =>
      fail(name, `${subject} → ${lookupError(error, timeoutMs)}`);

  const results = await Promise.all([
    resolver
      .resolveMx(domain)
      .then(
        (records) =>
          records.length > 0
            ? pass('dns mx', `${domain} ok (${records.length} record(s))`)
            : fail('dns mx', `${domain} → no records`),
        failed('dns mx', domain),
      ),
    txtRecords(resolver, domain).then(
      (records) =>
        records.some((r) => r.toLowerCase().startsWith('v=spf1'))
          ? pass('dns spf', `${domain} ok`)
          : fail('dns spf', `no 'v=spf1' record on ${domain}`),
      failed('dns spf', domain),
    ),
    txtRecords(resolver, `_dmarc.${domain}`).then(
      (records) =>
        records.some((r) => r.startsWith('v=DMARC1'))
          ? pass('dns dmarc', `_dmarc.${domain} ok`)
          : fail('dns dmarc', `no 'v=DMARC1' record on _dmarc.${domain}`),
      failed('dns dmarc', `_dmarc.${domain}`),
    ),
  ]);
  resolver.cancel();
  return results;
}
