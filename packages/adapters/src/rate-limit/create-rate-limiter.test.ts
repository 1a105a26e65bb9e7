import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createRateLimiter } from "./create-rate-limiter.js";

const redisUrl = process.env.TEST_REDIS_URL;
const redis = redisUrl ? new Redis(redisUrl, { maxRetriesPerRequest: 2 }) : undefined;
afterAll(() => redis?.disconnect());

const backends = [["memory", undefined] as const, ...(redis ? [["redis", redis] as const] : [])];

describe.each(backends)("rate limiter (%s)", (_name, client) => {
  const limiter = (points: number) =>
    createRateLimiter({ name: `test-${randomBytes(4).toString("hex")}`, points, windowSeconds: 60, ...(client ? { redis: client } : {}) });

  it("counts hits, refusing past the limit with the time left in the window", async () => {
    const l = limiter(2);
    expect(await l.hit("k")).toMatchObject({ allowed: true, count: 1 });
    expect(await l.hit("k")).toMatchObject({ allowed: true, count: 2 });
    const refused = await l.hit("k");
    expect(refused).toMatchObject({ allowed: false, count: 3 });
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(await l.hit("other")).toMatchObject({ allowed: true, count: 1 });
  });

  it("takes a hit back on refund and forgets the key on reset", async () => {
    const l = limiter(1);
    await l.hit("k");
    await l.refund("k");
    expect(await l.hit("k")).toMatchObject({ allowed: true, count: 1 });
    expect((await l.hit("k")).allowed).toBe(false);
    await l.reset("k");
    expect(await l.hit("k")).toMatchObject({ allowed: true, count: 1 });
  });
});
