/** Hashes and verifies passwords. Both pass a bounded gate and may reject with `HasherBusyError`. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False on mismatch and on a malformed or non-argon2 hash; never throws for those. */
  verify(password: string, hash: string): Promise<boolean>;
  /** True when the hash was made with other parameters than the configured ones. */
  needsRehash(hash: string): boolean;
  /**
   * Spends the same time as a real verification against a dummy hash, so an unknown
   * account answers as slowly as a known one.
   */
  verifyDummy(password: string): Promise<void>;
}
