import { Redis } from "ioredis";
import { ConfigError } from "../config.js";

/** Longest wait for one Redis command (rate-limit counter, nonce) before the call fails with 503. */
const REDIS_COMMAND_TIMEOUT_MS = 1000;
/** Longest wait for Redis at start-up before the process refuses to start. */
const REDIS_STARTUP_TIMEOUT_MS = 5000;

/**
 * Connects to Redis with waits that are bounded everywhere: while Redis is away a command fails at
 * once (no offline queue) instead of queueing until it returns, a slow one fails after
 * `REDIS_COMMAND_TIMEOUT_MS`, and the client keeps reconnecting in the background so service
 * comes back by itself. A Redis that cannot be reached at start-up (wrong REDIS_URL, wrong
 * password, nothing listening) is a configuration problem: say so and do not start.
 */
export async function connectRedis(url: string, startupTimeoutMs = REDIS_STARTUP_TIMEOUT_MS): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: Math.min(startupTimeoutMs, 2000),
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    // Reconnect forever, at most every 2 s: recovery needs no restart.
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  // Errors while disconnected are reported by the readiness check; without a listener ioredis prints each one.
  // The first one says why a start failed (connect() itself only says "Connection is closed.").
  let firstError: Error | undefined;
  redis.on("error", (e: Error) => {
    firstError ??= e;
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${startupTimeoutMs / 1000} s`)), startupTimeoutMs);
    });
    await Promise.race([redis.connect().then(() => redis.ping()), deadline]);
    return redis;
  } catch (e) {
    redis.disconnect();
    const reason = (firstError ?? (e as Error)).message;
    throw new ConfigError([`redisUrl (REDIS_URL): cannot use Redis at ${safeAddress(url)}: ${reason}`]);
  } finally {
    clearTimeout(timer);
  }
}

/** host:port of a Redis URL, never its password. */
function safeAddress(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || "6379"}`;
  } catch {
    return "(an unparsable URL)";
  }
}
