import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DashScopeFixture, parseSse, startDashScopeFixture } from "../support/dashscope-fixture.js";

/** Behaviour that does not depend on the database dialect: covered once, on SQLite. */
describe("app completion features", () => {
  let f: DashScopeFixture;
  let appId: string;
  let key: string;
  let toolServer: ReturnType<typeof createServer>;
  let toolUrl: string;
  const toolCalls: string[] = [];
  beforeAll(async () => {
    f = await startDashScopeFixture({ env: { APPSTUDIO_APP_RPM: "1000", APPSTUDIO_SESSION_MAX_ROUNDS: "2" } });
    appId = await f.publishAgent();
    key = (await f.createKey()).secret;
    toolServer = createServer((req, res) => {
      toolCalls.push(req.url ?? "");
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ temperature: 21, city: new URL(req.url ?? "/", "http://x").searchParams.get("city") }));
    });
    await new Promise<void>((r) => toolServer.listen(0, "127.0.0.1", r));
    toolUrl = `http://127.0.0.1:${(toolServer.address() as AddressInfo).port}/weather`;
  });
  afterAll(async () => {
    await f?.close();
    toolServer?.close();
  });

  it("reports reasoning as thoughts when has_thoughts is set", async () => {
    f.model.script({ reasoning: "Let me think.", text: "Answer." });
    const body = await (await f.complete(appId, key, { input: { prompt: "q" }, parameters: { has_thoughts: true } })).json();
    expect(body.output.text).toBe("Answer.");
    expect(body.output.thoughts).toEqual([expect.objectContaining({ action_type: "reasoning", thought: "Let me think." })]);
    f.model.script({ reasoning: "hidden", text: "Answer." });
    const quiet = await (await f.complete(appId, key, { input: { prompt: "q" } })).json();
    expect(quiet.output.thoughts).toBeUndefined();
  });

  it("calls HTTP tools, passes user_defined_params through and reports the call", async () => {
    const tool = {
      name: "weather",
      description: "Weather by city",
      parameters: { type: "object", properties: { city: { type: "string" } } },
      method: "GET",
      url: toolUrl,
      headers: {},
      timeoutMs: 5000,
    };
    const id = await f.publishAgent({ tools: [tool] });
    f.model.script({ toolCalls: [{ name: "weather", arguments: { city: "Paris" } }] }, { text: "It is 21 degrees." });
    const res = await f.complete(id, key, {
      input: { prompt: "weather?", biz_params: { user_defined_params: { weather: { units: "metric" } } } },
      parameters: { has_thoughts: true },
    });
    const body = await res.json();
    expect(body.output.text).toBe("It is 21 degrees.");
    expect(toolCalls.at(-1)).toContain("city=Paris");
    expect(toolCalls.at(-1)).toContain("units=metric");
    const thought = body.output.thoughts.find((t: { action_type: string }) => t.action_type === "api");
    expect(thought).toMatchObject({ action: "weather", action_input: { city: "Paris", units: "metric" } });
    expect(thought.observation).toContain("21");
  });

  it("aborts the upstream model request within a second of a client disconnect", async () => {
    f.model.script({ text: "a b c d e f g h i j", chunks: 10, delayMs: 300 });
    const controller = new AbortController();
    const res = await f.complete(appId, key, { input: { prompt: "long" } }, { "X-DashScope-SSE": "enable" });
    const reader = res.body!.getReader();
    await reader.read();
    const abortedBefore = f.model.aborts.length;
    await reader.cancel();
    controller.abort();
    const aborted = await f.model.waitForAbort(1000);
    expect(aborted).toBeTruthy();
    expect(f.model.aborts.length).toBeGreaterThan(abortedBefore);
  });

  it("keeps at most the configured rounds per session", async () => {
    let sessionId: string | undefined;
    for (const prompt of ["one", "two", "three"]) {
      const body = await (await f.complete(appId, key, { input: { prompt, ...(sessionId ? { session_id: sessionId } : {}) } })).json();
      sessionId = body.output.session_id;
    }
    const stored = await f.server.container.core.repos.conversations.find(sessionId!);
    expect(stored!.rounds.map((r) => r.user)).toEqual(["two", "three"]);
  });

  it("uses a newly published version for new calls", async () => {
    const id = await f.publishAgent({ instructions: "v1 instructions" });
    await f.server.call("PATCH", `/manage/v1/apps/${id}`, {
      token: f.server.adminToken,
      body: { config: { model: "fake-model", instructions: "v2 instructions", dialogRounds: 3, tools: [] } },
    });
    let before = f.model.requests.length;
    await f.complete(id, key, { input: { prompt: "x" } });
    expect(f.model.requests[before]?.body.messages?.[0]?.content).toBe("v1 instructions");
    await f.server.call("POST", `/manage/v1/apps/${id}/publish`, { token: f.server.adminToken, body: {} });
    before = f.model.requests.length;
    await f.complete(id, key, { input: { prompt: "x" } });
    expect(f.model.requests[before]?.body.messages?.[0]?.content).toBe("v2 instructions");
  });

  it("lists the apps a key can call and describes its workspace", async () => {
    const narrow = await f.createKey({ appAllowlist: [appId] });
    const apps = await (await fetch(`${f.server.url}/api/v1/apps`, { headers: { authorization: `Bearer ${narrow.secret}` } })).json();
    expect(apps.items.map((a: { app_id: string }) => a.app_id)).toEqual([appId]);
    expect(apps.total).toBe(1);
    expect(apps.items[0].workspace_id).toBe(f.workspaceId);
    expect(apps.items[0].dedicated_base_url).toContain(`${f.workspaceId}.local.localhost`);
    const ws = await (await fetch(`${f.server.url}/api/v1/workspace`, { headers: { authorization: `Bearer ${key}` } })).json();
    expect(ws).toMatchObject({ workspace_id: f.workspaceId, is_default: true, region: "local" });
    expect((await fetch(`${f.server.url}/api/v1/workspace`)).status).toBe(401);
  });

  it("runs the draft from the console playground, streaming like the app API", async () => {
    const created = await f.server.call("POST", "/manage/v1/apps", {
      token: f.server.adminToken,
      body: {
        workspaceId: f.workspaceId,
        type: "agent",
        name: "playground",
        config: { model: "fake-model", instructions: "draft!", dialogRounds: 1, tools: [] },
      },
    });
    const res = await fetch(`${f.server.url}/manage/v1/apps/${created.body.id}/test-run`, {
      method: "POST",
      headers: { authorization: `Bearer ${f.server.adminToken}`, "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ version: "draft", input: { prompt: "hi" }, parameters: { incremental_output: true } }),
    });
    const events = parseSse(await res.text());
    expect(events.map((e) => e.data.output.text).join("")).toBe("Echo: hi");
    expect(events.at(-1)!.data.output.finish_reason).toBe("stop");
    const published = await f.server.call("POST", `/manage/v1/apps/${created.body.id}/test-run`, {
      token: f.server.adminToken,
      body: { version: "published", input: { prompt: "hi" } },
    });
    expect(published.status).toBe(409);
  });
});

describe("app rate limits", () => {
  let f: DashScopeFixture;
  beforeAll(async () => {
    f = await startDashScopeFixture({ env: { APPSTUDIO_APP_RPM: "3" } });
  });
  afterAll(() => f?.close());

  it("answers 429 Throttling.RateQuota past the per-app limit", async () => {
    const appId = await f.publishAgent();
    const key = (await f.createKey()).secret;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await f.complete(appId, key, { input: { prompt: "x" } })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const res = await f.complete(appId, key, { input: { prompt: "x" } });
    const body = await res.json();
    expect(body.code).toBe("Throttling.RateQuota");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
