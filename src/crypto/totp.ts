import { Secret, TOTP } from 'otpauth';

export interface TotpOptions {
  readonly digits?: number;
  readonly period?: number;
  readonly algorithm?: 'SHA1' | 'SHA256' | 'SHA512';
}

/** A fresh 160-bit TOTP seed in base32, the size RFC 4226 recommends for SHA-1. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The RFC 6238 time step containing `nowMs`. */
export function totpStep(nowMs: number, period: number = 30): number {
  return Math.floor(nowMs / 1000 / period);
}

/** The code for `nowMs` (RFC 6238); the secret is base32. */
export function totpCode(secretBase32: string, nowMs: number, options: TotpOptions = {}): string {
  return TOTP.generate({
    secret: Secret.fromBase32(secretBase32),
    timestamp: nowMs,
    digits: options.digits ?? 6,
    period: options.period ?? 30,
    algorithm: options.algorithm ?? 'SHA1',
  });
}

/**
 * The time step `code` belongs to, within ±`window` steps of `nowMs`, or null. Callers store
 * the step and refuse any step not later than the last accepted one, so a code works once.
 */
export function matchTotpStep(
  secretBase32: string,
  code: string,
  nowMs: number,
  window: number = 1,
  options: TotpOptions = {},
): number | null {
  const digits = options.digits ?? 6;
  if (code.length !== digits || !/^[0-9]+$/.test(code)) return null;
  const period = options.period ?? 30;
  const delta = TOTP.validate({
    token: code,
    secret: Secret.fromBase32(secretBase32),
    timestamp: nowMs,
    window,
    digits,
    period,
    algorithm: options.algorithm ?? 'SHA1',
  });
  return delta === null ? null : totpStep(nowMs, period) + delta;
}

/** The otpauth:// URI an authenticator app scans. */
export function totpUri(secretBase32: string, issuer: string, label: string): string {
  return new TOTP({ issuer, label, secret: Secret.fromBase32(secretBase32) }).toString();
}
