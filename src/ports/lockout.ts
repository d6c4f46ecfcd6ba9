export interface LockoutStatus {
  readonly locked: boolean;
  /** Seconds until the oldest counted failure leaves the window: 1..window. 0 when unlocked. */
  readonly retryAfterSeconds: number;
}

/** The per-email login lockout (spec §5.5, Decisions 16 and 17). */
export interface Lockout {
  check(email: string): Promise<LockoutStatus>;
  recordFailure(email: string, ip: string | null): Promise<void>;
  clear(email: string): Promise<void>;
}
