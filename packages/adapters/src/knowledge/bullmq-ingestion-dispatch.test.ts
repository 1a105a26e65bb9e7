import { randomBytes } from "node:crypto";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createBullmqIngestionDispatch, type IngestionDispatch } from "./bullmq-ingestion-dispatch.js";

const redisUrl = process.env.TEST_REDIS_URL;

/** Two dispatchers on one queue stand for two server processes. */
describe.runIf(Boolean(redisUrl))("BullMQ ingestion dispatch (Redis)", () => {
  const queueName = `appstudio-knowledge-test-${randomBytes(4).toString("hex")}`;
  const handled: Record<"a" | "b", number> = { a: 0, b: 0 };
  const holds: (() => void)[] = [];
  const errors: unknown[] = [];
  const process = (name: "a" | "b"): IngestionDispatch =>
    createBullmqIngestionDispatch({
      redisUrl: redisUrl!,
      queueName,
      concurrency: 1,
      // Each delivery holds until released, like a job that takes a while.
      handle: () =>
        new Promise<void>((release) => {
          handled[name]++;
          holds.push(release);
        }),
      onError: (err) => errors.push(err),
    });
  const a = process("a");
  const b = process("b");
  afterAll(async () => {
    for (const release of holds) release();
    await Promise.all([a.close(), b.close()]);
  });

  it("hands each announcement to exactly one process, the one with a free slot", async () => {
    await a.announce("file_1");
    await vi.waitFor(() => expect(handled.a + handled.b).toBe(1), { timeout: 10_000 });
    // The first process is busy (concurrency 1): the second takes the next announcement.
    await a.announce("file_2");
    await vi.waitFor(() => expect(handled).toEqual({ a: 1, b: 1 }), { timeout: 10_000 });

    await a.announce("file_3");
    await b.announce("file_4");
    for (const release of holds.splice(0)) release();
    await vi.waitFor(() => expect(handled.a + handled.b).toBe(4), { timeout: 10_000 });
    for (const release of holds.splice(0)) release();
    // Nothing is left to deliver a second time.
    const connection = new Redis(redisUrl!, { maxRetriesPerRequest: null });
    const queue = new Queue(queueName, { connection });
    await vi.waitFor(async () =>
      expect(await queue.getJobCounts("wait", "active", "delayed", "prioritized")).toEqual({ wait: 0, active: 0, delayed: 0, prioritized: 0 }),
    );
    await queue.close();
    connection.disconnect();
    expect(handled.a + handled.b).toBe(4);
    expect(errors).toEqual([]);
  });
});
