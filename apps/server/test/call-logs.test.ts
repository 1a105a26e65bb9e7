import { randomUUID } from "node:crypto";
import type { CallLogEntry } from "@appstudio/core";
import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing/index.js";
import { addMember, createToken, createUser, createWorkspace } from "./support/accounts.js";
import { type DashScopeFixture, startDashScopeFixture } from "./support/dashscope-fixture.js";
import { expectError } from "./support/error-body.js";

const APP_A = "a".repeat(32);
const APP_B = "b".repeat(32);

const entry = (over: Partial<CallLogEntry>): CallLogEntry => ({
  requestId: randomUUID(),
  appId: APP_A,
  workspaceId: null,
  apiKeyId: "key-a",
  userId: null,
  source: "api",
  status: 200,
  errorCode: null,
  latencyMs: 20,
  inputTokens: 7,
  outputTokens: 3,
  streamed: false,
  sessionId: null,
  startedAt: "2026-03-01T10:00:00.000Z",
  prompt: "question",
  answer: "answer",
  clientIp: "127.0.0.1",
  keyPrefix: "sk-1234...abcd",
  ...over,
});

describe.each(testDialects())("call log API (%s)", (dialect) => {
  let server: TestServer;
  let wsA: string;
  let wsB: string;
  let memberOfA: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer({ dialect });
    wsA = await createWorkspace(server);
    wsB = await createWorkspace(server);
    const member = await createUser(server);
    await addMember(server, wsA, member.id, "member");
    memberOfA = (await createToken(server, member)).secret;
    const rows = [
      entry({ workspaceId: wsA, startedAt: "2026-03-01T10:05:00.000Z" }),
      entry({ workspaceId: wsA, startedAt: "2026-03-01T10:50:00.000Z", status: 500, errorCode: "ModelServiceFailed", outputTokens: 0 }),
      entry({ workspaceId: wsA, startedAt: "2026-03-01T11:10:00.000Z", source: "console", apiKeyId: null, userId: "u-x", streamed: true }),
      entry({ workspaceId: wsB, appId: APP_B, apiKeyId: "key-b", startedAt: "2026-03-02T08:00:00.000Z" }),
    ];
    rows.forEach((r, i) => {
      ids[`r${i}`] = r.requestId;
      server.container.callLog.record(r);
    });
    // A bad key: no workspace is known, so only global grants see it.
    const orphan = entry({ workspaceId: null, appId: null, apiKeyId: null, status: 401, errorCode: "InvalidApiKey", startedAt: "2026-03-02T09:00:00.000Z" });
    ids.orphan = orphan.requestId;
    server.container.callLog.record(orphan);
    await server.container.callLog.flush();
  });
  afterAll(() => server?.close());

  const get = (path: string, token = server.adminToken) => server.call("GET", `/manage/v1${path}`, { token });
  const requestIds = (res: { body: { items: { requestId: string }[] } }) => res.body.items.map((i) => i.requestId);

  it("lists newest first with filters and paging", async () => {
    const all = await get("/call-logs");
    expect(all.status).toBe(200);
    expect(requestIds(all)).toEqual([ids.orphan, ids.r3, ids.r2, ids.r1, ids.r0]);
    expect(all.body.items[1]).toEqual({
      requestId: ids.r3,
      appId: APP_B,
      workspaceId: wsB,
      apiKeyId: "key-b",
      userId: null,
      source: "api",
      status: 200,
      errorCode: null,
      latencyMs: 20,
      inputTokens: 7,
      outputTokens: 3,
      streamed: false,
      sessionId: null,
      startedAt: "2026-03-02T08:00:00.000Z",
      prompt: "question",
      answer: "answer",
      clientIp: "127.0.0.1",
      keyPrefix: "sk-1234...abcd",
    });
    expect(requestIds(await get(`/call-logs?workspaceId=${wsA}`))).toEqual([ids.r2, ids.r1, ids.r0]);
    expect(requestIds(await get(`/call-logs?appId=${APP_B}`))).toEqual([ids.r3]);
    expect(requestIds(await get("/call-logs?apiKeyId=key-b"))).toEqual([ids.r3]);
    expect(requestIds(await get(`/call-logs?workspaceId=${wsA}&status=error`))).toEqual([ids.r1]);
    expect(requestIds(await get(`/call-logs?workspaceId=${wsA}&status=success`))).toEqual([ids.r2, ids.r0]);
    expect(requestIds(await get("/call-logs?source=console"))).toEqual([ids.r2]);
    expect(requestIds(await get("/call-logs?from=2026-03-01T10:50:00Z&to=2026-03-02T08:00:00Z"))).toEqual([ids.r3, ids.r2, ids.r1]);
    const page = await get("/call-logs?limit=2&offset=1");
    expect({ ids: requestIds(page), total: page.body.total, limit: page.body.limit, offset: page.body.offset }).toEqual({
      ids: [ids.r3, ids.r2],
      total: 5,
      limit: 2,
      offset: 1,
    });
    expectError(await get("/call-logs?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z"), 400, "InvalidParameter");
    expectError(await get("/call-logs?status=bad"), 400, "InvalidParameter");
  });

  it("returns one call by request ID", async () => {
    expect((await get(`/call-logs/${ids.r1}`)).body).toMatchObject({ requestId: ids.r1, status: 500, errorCode: "ModelServiceFailed" });
    expectError(await get(`/call-logs/${randomUUID()}`), 404, "NotFound");
  });

  it("computes per-app buckets by hour and by day", async () => {
    const hourly = await get(`/call-logs/stats?workspaceId=${wsA}&bucket=hour`);
    expect(hourly.body.buckets).toEqual([
      { start: "2026-03-01T10:00:00.000Z", appId: APP_A, calls: 2, errors: 1, inputTokens: 14, outputTokens: 3 },
      { start: "2026-03-01T11:00:00.000Z", appId: APP_A, calls: 1, errors: 0, inputTokens: 7, outputTokens: 3 },
    ]);
    const daily = await get("/call-logs/stats?bucket=day&from=2026-03-01T00:00:00Z&to=2026-03-02T08:30:00Z");
    expect(daily.body.buckets).toEqual([
      { start: "2026-03-01T00:00:00.000Z", appId: APP_A, calls: 3, errors: 1, inputTokens: 21, outputTokens: 6 },
      { start: "2026-03-02T00:00:00.000Z", appId: APP_B, calls: 1, errors: 0, inputTokens: 7, outputTokens: 3 },
    ]);
    expect((await get("/call-logs/stats")).body.buckets).toHaveLength(4);
  });

  it("shows members only the calls of their workspaces", async () => {
    expect(requestIds(await get("/call-logs", memberOfA))).toEqual([ids.r2, ids.r1, ids.r0]);
    expect(requestIds(await get(`/call-logs?workspaceId=${wsA}`, memberOfA))).toEqual([ids.r2, ids.r1, ids.r0]);
    expectError(await get(`/call-logs?workspaceId=${wsB}`, memberOfA), 403, "InsufficientPermissions");
    // Calls the member may not read are as missing as an unknown request ID.
    expectError(await get(`/call-logs/${ids.r3}`, memberOfA), 404, "NotFound");
    expectError(await get(`/call-logs/${ids.orphan}`, memberOfA), 404, "NotFound");
    expect((await get(`/call-logs/${ids.r0}`, memberOfA)).status).toBe(200);
    expect((await get("/call-logs/stats?bucket=day", memberOfA)).body.buckets).toEqual([expect.objectContaining({ appId: APP_A, calls: 3 })]);

    const loner = (await createToken(server, await createUser(server))).secret;
    expectError(await get("/call-logs", loner), 403, "InsufficientPermissions");
    expectError(await get("/call-logs/stats", loner), 403, "InsufficientPermissions");
    const control = (await createToken(server, await createUser(server, { policies: ["ControlFullAccess"] }))).secret;
    expect((await get("/call-logs", control)).body.total).toBe(5);
  });
});

describe.each(testDialects())("call log of real app calls (%s)", (dialect) => {
  let f: DashScopeFixture;
  beforeAll(async () => {
    f = await startDashScopeFixture({ dialect, env: { APPSTUDIO_CALL_LOG_CONTENT: "false" } });
  });
  afterAll(() => f?.close());

  it("logs every completion, without prompt and answer when content logging is off", async () => {
    const appId = await f.publishAgent();
    const key = await f.createKey();
    const res = await f.complete(appId, key.secret, { input: { prompt: "secret question" } });
    const body = await res.json();
    await f.server.container.callLog.flush();
    const logged = await f.server.call("GET", `/manage/v1/call-logs/${body.request_id}`, { token: f.server.adminToken });
    expect(logged.body).toMatchObject({
      requestId: body.request_id,
      appId,
      workspaceId: f.workspaceId,
      apiKeyId: key.id,
      status: 200,
      prompt: null,
      answer: null,
    });
    expect(logged.body.inputTokens).toBeGreaterThan(0);
  });
});
