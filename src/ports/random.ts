/** The source of randomness for flows (CSPRNG in production, TS-CONTRACT §9). */
export interface RandomSource {
  /** URL-safe base64 without padding of `bytes` random bytes. */
  token(bytes: number): string;
  /** A uniform, zero-padded numeric code of `length` digits. */
  numericCode(length: number): string;
}
