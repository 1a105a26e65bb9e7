/**
 * A fixed-window counter shared by every server process that uses the same backend
 * (in memory for one process, Redis for several).
 */
export interface RateLimiter {
  /**
   * Counts one hit for `key`; `allowed` is false once the window's limit is passed. `count` is
   * the window's hits so far, this one included.
   */
  hit(key: string): Promise<{ allowed: boolean; retryAfterMs: number; count: number }>;
  /** Takes one hit back: for an attempt that, once its outcome is known, must not count. */
  refund(key: string): Promise<void>;
  reset(key: string): Promise<void>;
}
