import { setTimeout as delay } from "node:timers/promises";

/**
 * Polls `probe` until it returns a value `accept` takes, for dependencies that come back on
 * their own schedule (a reconnecting Redis client, a refilled pool). Fails with the last value.
 */
export async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await delay(100);
  }
}
