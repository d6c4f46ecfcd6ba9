export const ARGON2_TYPES = ['argon2d', 'argon2i', 'argon2id'] as const;
export type Argon2Type = (typeof ARGON2_TYPES)[number];

/** What an argon2 PHC string says about how it was made. */
export interface PhcArgon2Params {
  readonly type: Argon2Type;
  /** 19 (0x13) for current hashes; 16 when the `v=` field is absent (argon2 1.0). */
  readonly version: number;
  readonly memoryKib: number;
  readonly iterations: number;
  readonly parallelism: number;
  readonly saltBytes: number;
  readonly hashBytes: number;
}

const UINT32_MAX = 0xffff_ffff;
const DECIMAL = /^(?:0|[1-9][0-9]{0,9})$/;
// PHC strings use standard base64 without padding (not the URL-safe alphabet).
const B64 = /^[A-Za-z0-9+/]+$/;

function readUint(text: string | undefined, prefix: string): number | null {
  if (text === undefined || !text.startsWith(prefix)) return null;
  const digits = text.slice(prefix.length);
  if (!DECIMAL.test(digits)) return null;
  const value = Number(digits);
  return value <= UINT32_MAX ? value : null;
}

function b64Bytes(text: string | undefined): number | null {
  if (text === undefined || !B64.test(text) || text.length % 4 === 1) return null;
  return Math.floor((text.length * 3) / 4);
}

function isArgon2Type(value: string | undefined): value is Argon2Type {
  return value !== undefined && (ARGON2_TYPES as readonly string[]).includes(value);
}

/**
 * Parses `$argon2id$v=19$m=65536,t=3,p=4$<salt>$<hash>` (also argon2i, argon2d, and the
 * version-less 1.0 form). Returns null for anything else, bcrypt and scrypt strings included,
 * so callers can refuse them without reaching the native verifier.
 */
export function parsePhcArgon2(phc: string): PhcArgon2Params | null {
  if (typeof phc !== 'string' || phc.length > 512) return null;
  const parts = phc.split('$');
  if (parts[0] !== '') return null;
  const type = parts[1];
  if (!isArgon2Type(type)) return null;

  const hasVersion = parts.length === 6;
  if (!hasVersion && parts.length !== 5) return null;
  const version = hasVersion ? readUint(parts[2], 'v=') : 16;
  const [m, t, p, ...rest] = (parts[hasVersion ? 3 : 2] ?? '').split(',');
  const memoryKib = readUint(m, 'm=');
  const iterations = readUint(t, 't=');
  const parallelism = readUint(p, 'p=');
  const saltBytes = b64Bytes(parts[hasVersion ? 4 : 3]);
  const hashBytes = b64Bytes(parts[hasVersion ? 5 : 4]);
  if (
    version === null ||
    memoryKib === null ||
    iterations === null ||
    parallelism === null ||
    saltBytes === null ||
    hashBytes === null ||
    rest.length > 0
  ) {
    return null;
  }
  return { type, version, memoryKib, iterations, parallelism, saltBytes, hashBytes };
}
