import { type RateLimiter, serviceUnavailable } from "@appstudio/core";
import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";

export interface RateLimitOptions {
  /** Distinguishes limiters sharing one Redis. */
  name: string;
  points: number;
  windowSeconds: number;
  /** When set, counters live in Redis and are shared by every process using it. */
  redis?: Redis;
}

export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const base = { keyPrefix: `appstudio:${options.name}`, points: options.points, duration: options.windowSeconds };
  const limiter = options.redis ? new RateLimiterRedis({ ...base, storeClient: options.redis }) : new RateLimiterMemory(base);
  // Redis away or too slow: a documented 503 the caller can retry, never a 500.
  const unavailable = (e: unknown): never => {
    throw options.redis ? serviceUnavailable("Redis", e) : e;
  };
  return {
    async hit(key) {
      try {
        const res = await limiter.consume(key);
        return { allowed: true, retryAfterMs: 0, count: res.consumedPoints };
      } catch (e) {
        if (e instanceof RateLimiterRes) return { allowed: false, retryAfterMs: e.msBeforeNext, count: e.consumedPoints };
        return unavailable(e);
      }
    },
    async refund(key) {
      await limiter.reward(key, 1).catch(unavailable);
    },
    async reset(key) {
      await limiter.delete(key).catch(unavailable);
    },
  };
}
