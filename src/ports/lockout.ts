export interface LockoutStatus {
  readonly locked: boolean;
  /** Seconds until the oldest counted failure leaves the window: 1..window. 0 when unlocked. */
  readonly retryAfterSeconds: number;
}

/**
 * The login lockout (spec §5.5, Decisions 16 and 17), counted per account and client
 * address: failed passwords, failed re-authentication and failed second-factor codes.
 */
export interface Lockout {
  /** Locked when this client reached the threshold, or all clients the account ceiling. */
  check(email: string, ip: string | null): Promise<LockoutStatus>;
  recordFailure(email: string, ip: string | null): Promise<void>;
  clear(email: string): Promise<void>;
}
