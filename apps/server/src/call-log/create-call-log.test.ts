import { randomUUID } from "node:crypto";
import type { CallLogEntry, CallLogRepository } from "@appstudio/core";
import { createRepositories, type DialectName, migrateToLatest, openDatabase } from "@appstudio/storage";
import { createTestDatabase, testDialects } from "@appstudio/storage/testing";
import type { Logger } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type CallLog, createCallLog } from "./create-call-log.js";

const entry = (over: Partial<CallLogEntry> = {}): CallLogEntry => ({
  requestId: randomUUID(),
  appId: "a".repeat(32),
  workspaceId: "ws-aaaaaaaaaaaaaaaa",
  apiKeyId: "key-1",
  userId: null,
  source: "api",
  status: 200,
  errorCode: null,
  latencyMs: 12.6,
  inputTokens: 3,
  outputTokens: 4,
  streamed: false,
  sessionId: null,
  startedAt: new Date().toISOString(),
  prompt: "What is 2+2?",
  answer: "4",
  clientIp: "127.0.0.1",
  keyPrefix: "sk-1234...abcd",
  ...over,
});

const fakeLogger = () =>
  ({ error: vi.fn(), warn: vi.fn(), info: vi.fn(), debug: vi.fn() }) as unknown as Logger & Record<"error" | "warn" | "info", ReturnType<typeof vi.fn>>;

/** A repository that only records batches; `fail` makes the next writes throw. */
function recordingRepository() {
  const batches: CallLogEntry[][] = [];
  const state = { fail: false };
  const repository = {
    insertMany: vi.fn(async (entries: CallLogEntry[]) => {
      if (state.fail) throw new Error("database is down");
      batches.push(entries);
    }),
  } as unknown as CallLogRepository;
  return { repository, batches, state };
}

const logs: CallLog[] = [];
afterEach(async () => {
  for (const log of logs.splice(0)) await log.close();
});
const make = (options: Parameters<typeof createCallLog>[0]) => {
  const log = createCallLog(options);
  logs.push(log);
  return log;
};

describe("call log writer", () => {
  it("never touches the database inside record(), and writes full batches of 100", async () => {
    const { repository, batches } = recordingRepository();
    const log = make({ repository, logger: fakeLogger(), content: true, retentionDays: 30, flushIntervalMs: 10_000 });
    for (let i = 0; i < 250; i++) log.record(entry());
    expect(repository.insertMany).not.toHaveBeenCalled();
    // A full batch triggers a write without waiting for the (long) interval; that write drains the buffer.
    await vi.waitFor(() => expect(batches.map((b) => b.length)).toEqual([100, 100, 50]), { timeout: 2000 });
    await log.flush();
    expect(repository.insertMany).toHaveBeenCalledTimes(3);
  });

  it("writes a partial batch after the flush interval", async () => {
    const { repository, batches } = recordingRepository();
    const log = make({ repository, logger: fakeLogger(), content: true, retentionDays: 30, flushIntervalMs: 50 });
    log.record(entry());
    log.record(entry());
    await vi.waitFor(() => expect(batches.flat()).toHaveLength(2), { timeout: 2000 });
  });

  it("logs and drops a failed write, then keeps working", async () => {
    const { repository, batches, state } = recordingRepository();
    const logger = fakeLogger();
    const log = make({ repository, logger, content: true, retentionDays: 30 });
    state.fail = true;
    log.record(entry());
    await expect(log.flush()).resolves.toBeUndefined();
    expect(logger.error).toHaveBeenCalledWith(expect.objectContaining({ dropped: 1 }), expect.stringContaining("dropped"));
    state.fail = false;
    const next = entry();
    log.record(next);
    await log.flush();
    expect(batches.flat().map((e) => e.requestId)).toEqual([next.requestId]);
  });

  it("retries a failed batch row by row: only the row that fails is dropped, and logged with its request ID", async () => {
    const written: string[] = [];
    const repository = {
      insertMany: vi.fn(async (entries: CallLogEntry[]) => {
        if (entries.some((e) => e.prompt === "poison")) throw new Error("invalid byte sequence");
        written.push(...entries.map((e) => e.requestId));
      }),
    } as unknown as CallLogRepository;
    const logger = fakeLogger();
    const log = make({ repository, logger, content: true, retentionDays: 30, flushIntervalMs: 10_000 });
    const good = Array.from({ length: 20 }, () => entry());
    const bad = entry({ prompt: "poison" });
    for (const e of [...good.slice(0, 10), bad, ...good.slice(10)]) log.record(e);
    await log.flush();
    expect(written.sort()).toEqual(good.map((e) => e.requestId).sort());
    expect(logger.error).toHaveBeenCalledWith(expect.objectContaining({ dropped: 1, requestIds: [bad.requestId] }), expect.stringContaining("dropped"));
  });

  it("keeps at most maxRefusedPerSecond refused calls a second, and logs how many it left out", async () => {
    const { repository, batches } = recordingRepository();
    const logger = fakeLogger();
    let now = Date.parse("2026-03-01T10:00:00.000Z");
    const clock = { now: () => new Date(now) };
    const log = make({ repository, logger, content: true, retentionDays: 30, maxRefusedPerSecond: 5, flushIntervalMs: 10_000, clock });
    for (let i = 0; i < 50; i++) log.recordRefused(entry({ status: 401, errorCode: "InvalidApiKey" }));
    // Calls that ran are never capped.
    for (let i = 0; i < 3; i++) log.record(entry());
    now += 1000;
    for (let i = 0; i < 2; i++) log.recordRefused(entry({ status: 401 }));
    await log.flush();
    expect(batches.flat()).toHaveLength(5 + 3 + 2);
    expect(logger.warn).toHaveBeenCalledWith({ dropped: 45, maxRefusedPerSecond: 5 }, expect.stringContaining("cap"));
  });

  it("never throws from record(), whatever it is given", () => {
    const { repository } = recordingRepository();
    const logger = fakeLogger();
    const log = make({ repository, logger, content: true, retentionDays: 30 });
    expect(() => log.record(null as unknown as CallLogEntry)).not.toThrow();
    expect(logger.warn).toHaveBeenCalled();
  });

  it("drops entries beyond the buffer bound instead of growing without limit", async () => {
    const { repository, batches } = recordingRepository();
    const logger = fakeLogger();
    const log = make({ repository, logger, content: true, retentionDays: 30, maxBuffered: 5, batchSize: 100, flushIntervalMs: 10_000 });
    for (let i = 0; i < 8; i++) log.record(entry());
    await log.flush();
    expect(batches.flat()).toHaveLength(5);
    expect(logger.warn).toHaveBeenCalledWith({ dropped: 3 }, expect.stringContaining("buffer full"));
  });

  it("normalises entries: rounded latency, UTC timestamps, clipped content, none when content is off", async () => {
    const { repository, batches } = recordingRepository();
    const withContent = make({ repository, logger: fakeLogger(), content: true, retentionDays: 30 });
    withContent.record(entry({ startedAt: "2026-03-01T12:00:00+02:00", prompt: "x".repeat(70_000) }));
    await withContent.flush();
    const [stored] = batches.flat();
    expect(stored?.startedAt).toBe("2026-03-01T10:00:00.000Z");
    expect(stored?.latencyMs).toBe(13);
    expect(stored?.prompt?.length).toBeLessThan(70_000);
    expect(stored?.prompt?.endsWith("[truncated]")).toBe(true);

    const withoutContent = make({ repository, logger: fakeLogger(), content: false, retentionDays: 30 });
    withoutContent.record(entry());
    await withoutContent.flush();
    expect(batches.flat()[1]).toMatchObject({ prompt: null, answer: null });
  });
});

async function migratedRepositories(dialect: DialectName) {
  const database = await createTestDatabase(dialect);
  const handle = openDatabase(database.url);
  await migrateToLatest(handle.db);
  return {
    repos: createRepositories(handle.db, handle.dialect),
    async close() {
      await handle.close();
      await database.drop();
    },
  };
}

describe.each(testDialects())("call log writer on the database (%s)", (dialect) => {
  it("stores many record() calls after flush, applies retention, clears content when content is off", async () => {
    const db = await migratedRepositories(dialect);
    try {
      const log = make({ repository: db.repos.callLogs, logger: fakeLogger(), content: true, retentionDays: 7 });
      const now = new Date("2026-03-10T12:00:00.000Z");
      const old = entry({ startedAt: "2026-03-01T12:00:00.000Z" });
      const recent = entry({ startedAt: "2026-03-09T12:00:00.000Z" });
      log.record(old);
      log.record(recent);
      for (let i = 0; i < 230; i++) log.record(entry({ startedAt: "2026-03-10T11:00:00.000Z" }));
      await log.flush();
      expect((await db.repos.callLogs.list({ limit: 1, offset: 0 })).total).toBe(232);

      expect(await log.purge(now)).toEqual({ deleted: 1, contentCleared: 0 });
      expect(await db.repos.callLogs.find(old.requestId)).toBeUndefined();
      expect((await db.repos.callLogs.find(recent.requestId))?.prompt).toBe("What is 2+2?");

      const contentOff = make({ repository: db.repos.callLogs, logger: fakeLogger(), content: false, retentionDays: 7 });
      contentOff.record(entry({ requestId: "no-content" }));
      await contentOff.flush();
      expect(await db.repos.callLogs.find("no-content")).toMatchObject({ prompt: null, answer: null });
      // Turning content logging off also stops keeping what was logged before.
      expect((await contentOff.purge(now)).contentCleared).toBe(231);
      expect((await db.repos.callLogs.find(recent.requestId))?.prompt).toBeNull();
    } finally {
      await db.close();
    }
  });
});
