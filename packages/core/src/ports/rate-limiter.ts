/**
 * A fixed-window counter shared by every server process that uses the same backend
 * (in memory for one process, Redis for several).
 */
export interface RateLimiter {
  /** Counts one hit for `key`; `allowed` is false once the window's limit is passed. */
  hit(key: string): Promise<{ allowed: boolean; retryAfterMs: number }>;
  reset(key: string): Promise<void>;
}
