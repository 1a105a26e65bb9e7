import { randomUUID } from "node:crypto";
import type { CallLogEntry, Repositories } from "@appstudio/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MigratedRepositories, migratedRepositories } from "../testing/migrated-repositories.js";
import { testDialects } from "../testing/test-databases.js";

const entry = (over: Partial<CallLogEntry> = {}): CallLogEntry => ({
  requestId: randomUUID(),
  appId: "a".repeat(32),
  workspaceId: "ws-aaaaaaaaaaaaaaaa",
  apiKeyId: "key-1",
  userId: null,
  source: "api",
  status: 200,
  errorCode: null,
  latencyMs: 12,
  inputTokens: 10,
  outputTokens: 5,
  streamed: false,
  sessionId: null,
  startedAt: "2026-03-01T10:15:00.000Z",
  prompt: "hi",
  answer: "hello",
  clientIp: "127.0.0.1",
  keyPrefix: "sk-1234...abcd",
  ...over,
});

describe.each(testDialects())("call log repository (%s)", (dialect) => {
  let db: MigratedRepositories;
  let repos: Repositories;
  const appB = "b".repeat(32);
  const wsB = "ws-bbbbbbbbbbbbbbbb";

  beforeAll(async () => {
    db = await migratedRepositories(dialect);
    repos = db.repos;
    await repos.callLogs.insertMany([
      entry({ requestId: "r1", startedAt: "2026-03-01T10:15:00.000Z", inputTokens: 10, outputTokens: 5 }),
      entry({ requestId: "r2", startedAt: "2026-03-01T10:45:00.000Z", status: 429, errorCode: "Throttling.RateQuota", inputTokens: 0, outputTokens: 0 }),
      entry({ requestId: "r3", startedAt: "2026-03-01T11:05:00.000Z", streamed: true, sessionId: "s".repeat(32) }),
      entry({ requestId: "r4", startedAt: "2026-03-02T09:00:00.000Z", appId: appB, workspaceId: wsB, apiKeyId: "key-2", source: "console", userId: "u-1" }),
      // A stream that ended in event:error: status 200 on the wire, still a failed call.
      entry({ requestId: "r5", startedAt: "2026-03-02T09:30:00.000Z", appId: appB, workspaceId: wsB, errorCode: "ModelServiceFailed" }),
    ]);
  });
  afterAll(() => db?.close());

  it("round-trips every field and skips a duplicate request ID instead of failing the batch", async () => {
    const e = entry({ requestId: "dup", userId: "u-9", streamed: true, sessionId: "f".repeat(32), prompt: null, answer: null });
    await repos.callLogs.insertMany([e]);
    await repos.callLogs.insertMany([{ ...e, status: 500 }, entry({ requestId: "after-dup" })]);
    expect(await repos.callLogs.find("dup")).toEqual(e);
    expect(await repos.callLogs.find("after-dup")).toBeDefined();
    await db.handle.db.deleteFrom("call_logs").where("request_id", "in", ["dup", "after-dup"]).execute();
  });

  it("keeps text and counts that one dialect would refuse, alike on both, without failing the batch", async () => {
    const batch = Array.from({ length: 20 }, (_, i) => entry({ requestId: `odd-${i}`, startedAt: "2020-01-01T00:00:00.000Z" }));
    batch[7] = { ...(batch[7] as CallLogEntry), prompt: "a\u0000b", answer: "half a pair: \ud83d, then \udca9", sessionId: "s\u0000" };
    batch[8] = { ...(batch[8] as CallLogEntry), inputTokens: 2 ** 40, outputTokens: 1.5, latencyMs: Number.MAX_SAFE_INTEGER };
    await repos.callLogs.insertMany(batch);
    const stored = await Promise.all(batch.map((e) => repos.callLogs.find(e.requestId)));
    expect(stored.every((e) => e !== undefined)).toBe(true);
    expect(stored[7]).toMatchObject({ prompt: "a\uFFFDb", answer: "half a pair: \uFFFD, then \uFFFD", sessionId: "s\uFFFD" });
    expect(stored[8]).toMatchObject({ inputTokens: 2_147_483_647, outputTokens: 1, latencyMs: 2_147_483_647 });
    // A lookup by a value holding a NUL finds nothing on either dialect (PostgreSQL would refuse the query).
    expect(await repos.callLogs.find("odd-7\u0000")).toBeUndefined();
    expect((await repos.callLogs.list({ limit: 1, offset: 0, appId: "a\u0000" })).total).toBe(0);
    await db.handle.db.deleteFrom("call_logs").where("request_id", "like", "odd-%").execute();
  });

  it("lists newest first with paging and every filter", async () => {
    const ids = async (q: Partial<Parameters<typeof repos.callLogs.list>[0]>) =>
      (await repos.callLogs.list({ limit: 50, offset: 0, ...q })).items.map((e) => e.requestId);
    expect(await ids({})).toEqual(["r5", "r4", "r3", "r2", "r1"]);
    const page = await repos.callLogs.list({ limit: 2, offset: 1 });
    expect(page.items.map((e) => e.requestId)).toEqual(["r4", "r3"]);
    expect(page.total).toBe(5);
    expect(await ids({ workspaceIds: [wsB] })).toEqual(["r5", "r4"]);
    expect(await ids({ workspaceIds: [] })).toEqual([]);
    expect(await ids({ appId: "a".repeat(32) })).toEqual(["r3", "r2", "r1"]);
    expect(await ids({ apiKeyId: "key-2" })).toEqual(["r4"]);
    expect(await ids({ status: "error" })).toEqual(["r5", "r2"]);
    expect(await ids({ status: "success" })).toEqual(["r4", "r3", "r1"]);
    expect(await ids({ source: "console" })).toEqual(["r4"]);
    expect(await ids({ from: "2026-03-01T10:45:00.000Z", to: "2026-03-02T09:00:00.000Z" })).toEqual(["r4", "r3", "r2"]);
  });

  it("computes hourly and daily buckets per app", async () => {
    const hourly = await repos.callLogs.stats({ bucket: "hour", appId: "a".repeat(32) });
    expect(hourly).toEqual([
      { start: "2026-03-01T10:00:00.000Z", appId: "a".repeat(32), calls: 2, errors: 1, inputTokens: 10, outputTokens: 5 },
      { start: "2026-03-01T11:00:00.000Z", appId: "a".repeat(32), calls: 1, errors: 0, inputTokens: 10, outputTokens: 5 },
    ]);
    const daily = await repos.callLogs.stats({ bucket: "day" });
    expect(daily).toEqual([
      { start: "2026-03-01T00:00:00.000Z", appId: "a".repeat(32), calls: 3, errors: 1, inputTokens: 20, outputTokens: 10 },
      { start: "2026-03-02T00:00:00.000Z", appId: appB, calls: 2, errors: 1, inputTokens: 20, outputTokens: 10 },
    ]);
    expect(await repos.callLogs.stats({ bucket: "day", workspaceIds: [wsB], from: "2026-03-02T09:10:00.000Z" })).toEqual([
      { start: "2026-03-02T00:00:00.000Z", appId: appB, calls: 1, errors: 1, inputTokens: 10, outputTokens: 5 },
    ]);
    expect(await repos.callLogs.stats({ bucket: "hour", workspaceIds: [] })).toEqual([]);
  });

  it("clears content and deletes rows older than a cutoff", async () => {
    expect(await repos.callLogs.purgeContentBefore("2026-03-01T11:00:00.000Z")).toBe(2);
    expect((await repos.callLogs.find("r1"))?.prompt).toBeNull();
    expect((await repos.callLogs.find("r1"))?.answer).toBeNull();
    expect((await repos.callLogs.find("r3"))?.prompt).toBe("hi");
    expect(await repos.callLogs.purgeBefore("2026-03-02T00:00:00.000Z")).toBe(3);
    expect((await repos.callLogs.list({ limit: 10, offset: 0 })).items.map((e) => e.requestId)).toEqual(["r5", "r4"]);
  });
});
