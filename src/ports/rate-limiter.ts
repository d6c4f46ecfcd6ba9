export type RateDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

/** Counts hits per key in a fixed window; a store failure rejects, it never lets traffic through. */
export interface RateLimiter {
  hit(key: string): Promise<RateDecision>;
}

/** Where the counters live: this process, Redis or PostgreSQL (`rate_limit_store_url`). */
export interface RateLimitStore {
  readonly kind: 'memory' | 'redis' | 'postgres';
  limiter(name: string, points: number, durationSeconds: number): Promise<RateLimiter>;
  close(): Promise<void>;
}
