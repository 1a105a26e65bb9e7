import { testDialects } from "@appstudio/storage/testing";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DashScopeFixture, startDashScopeFixture } from "../support/dashscope-fixture.js";
import { chatClient, responsesClient } from "../support/openai-clients.js";

type ApiError = InstanceType<typeof OpenAI.APIError>;
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e as ApiError,
  );

/**
 * The OpenAI-compatible view refuses exactly what the DashScope API refuses (the same decision,
 * limits and call log), in OpenAI's error shape, so the SDK raises its typed errors.
 */
describe.each(testDialects())("OpenAI-compatible errors (%s)", (dialect) => {
  let f: DashScopeFixture;
  let key: string;
  let agent: string;
  let otherApp: string;
  let otherWs: string;
  const chat = (k: string, model: string, options?: Parameters<typeof chatClient>[2]) =>
    chatClient(f.server.url, k, options).chat.completions.create({ model, messages: [{ role: "user", content: "x" }] });
  const respond = (k: string, appId: string, options?: Parameters<typeof responsesClient>[3]) =>
    responsesClient(f.server.url, appId, k, options).responses.create({ model: "m", input: "x" });

  beforeAll(async () => {
    f = await startDashScopeFixture({ dialect, env: { APPSTUDIO_APP_RPM: "4", APPSTUDIO_KEY_RPM: "10000" } });
    agent = await f.publishAgent();
    key = (await f.createKey()).secret;
    const token = f.server.adminToken;
    otherWs = (await f.server.call("POST", "/manage/v1/workspaces", { token, body: { name: `openai-other-${dialect}` } })).body.id;
    const created = await f.server.call("POST", "/manage/v1/apps", {
      token,
      body: { workspaceId: otherWs, type: "agent", name: "theirs", config: { model: "fake-model", instructions: "x", dialogRounds: 1, tools: [] } },
    });
    otherApp = created.body.id;
    await f.server.call("POST", `/manage/v1/apps/${otherApp}/publish`, { token, body: {} });
  });
  afterAll(() => f?.close());

  it("401 AuthenticationError for a missing, unknown or disabled key, on every endpoint", async () => {
    const disabled = await f.createKey();
    await f.server.call("POST", `/manage/v1/api-keys/${disabled.id}/disable`, { token: f.server.adminToken });
    for (const bad of [`sk-${"0".repeat(48)}`, disabled.secret, "not-a-key"]) {
      for (const error of [await failure(chat(bad, agent)), await failure(respond(bad, agent)), await failure(chatClient(f.server.url, bad).models.list())]) {
        expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
        expect(error.error).toEqual({ message: "Invalid API-key provided.", type: "invalid_request_error", param: null, code: "invalid_api_key" });
        expect(error.requestID).toBeTruthy();
      }
    }
  });

  it("403 PermissionDeniedError for another workspace's app, by ID, by alias and by path; unpublished agents alike", async () => {
    for (const error of [await failure(chat(key, otherApp)), await failure(chat(key, "app:theirs")), await failure(respond(key, otherApp))]) {
      expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
      expect(error.error).toMatchObject({ code: "App.AccessDenied", type: "permission_error" });
    }
    const draft = await f.server.call("POST", "/manage/v1/apps", {
      token: f.server.adminToken,
      body: { workspaceId: f.workspaceId, type: "agent", name: `draft-${dialect}` },
    });
    expect((await failure(chat(key, draft.body.id))).error).toMatchObject({ code: "App.AccessDenied" });
    expect((await failure(chat(key, `app:draft-${dialect}`))).error).toMatchObject({ code: "App.AccessDenied" });
    expect((await failure(respond(key, draft.body.id))).error).toMatchObject({ code: "App.AccessDenied" });
    const flow = await f.server.call("POST", "/manage/v1/apps", {
      token: f.server.adminToken,
      body: { workspaceId: f.workspaceId, type: "workflow", name: `flow-${dialect}` },
    });
    const unpublished = await failure(respond(key, flow.body.id));
    expect(unpublished).toBeInstanceOf(OpenAI.BadRequestError);
    expect(unpublished.error).toMatchObject({ code: "FlowNotPublished" });
  });

  it("403 Workspace.AccessDenied for a header or dedicated host of another workspace; the own dedicated host works", async () => {
    const port = new URL(f.server.url).port;
    const header = await failure(chat(key, agent, { workspace: otherWs }));
    expect(header).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(header.error).toMatchObject({ code: "Workspace.AccessDenied" });
    const foreignHost = { host: `${otherWs}.local.localhost:${port}` };
    expect((await failure(chat(key, agent, foreignHost))).error).toMatchObject({ code: "Workspace.AccessDenied" });
    expect((await failure(respond(key, agent, foreignHost))).error).toMatchObject({ code: "Workspace.AccessDenied" });
    const ownHost = { host: `${f.workspaceId}.local.localhost:${port}` };
    expect((await chat(key, agent, ownHost)).choices[0]?.message.content).toBe("Echo: x");
    expect((await respond(key, agent, ownHost)).output_text).toBe("Echo: x");
    expect((await chatClient(f.server.url, key, ownHost).models.list()).data.map((m) => m.id)).toContain(agent);
  });

  it("429 RateLimitError with Retry-After, counted together with the DashScope API", async () => {
    const limited = await f.publishAgent();
    expect((await f.complete(limited, key, { input: { prompt: "x" } })).status).toBe(200);
    await chat(key, limited);
    await respond(key, limited);
    await chat(key, limited);
    const error = await failure(respond(key, limited));
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.error).toMatchObject({ code: "limit_requests", type: "requests" });
    expect(Number(error.headers?.get("retry-after"))).toBeGreaterThan(0);
    expect((await failure(chat(key, limited))).status).toBe(429);
    expect((await f.complete(limited, key, { input: { prompt: "x" } })).status).toBe(429);
  });

  it("logs refused calls with the openai source and, once the model named it, the app", async () => {
    await failure(chat(`sk-${"1".repeat(48)}`, agent));
    await failure(respond(key, otherApp));
    await f.server.container.callLog.flush();
    const logs = await f.server.call("GET", "/manage/v1/call-logs?source=openai&status=error&limit=100", { token: f.server.adminToken });
    const codes = logs.body.items.map((l: { errorCode: string; status: number }) => `${l.status} ${l.errorCode}`);
    expect(codes).toEqual(expect.arrayContaining(["401 InvalidApiKey", "403 App.AccessDenied", "429 Throttling.RateQuota"]));
    const throttled = logs.body.items.find((l: { errorCode: string }) => l.errorCode === "Throttling.RateQuota");
    expect(throttled.appId).toMatch(/^[0-9a-f]{32}$/);
    expect(logs.body.items.every((l: { source: string }) => l.source === "openai")).toBe(true);
  });

  it("answers unknown paths under the OpenAI-compatible prefixes in OpenAI's shape", async () => {
    const res = await fetch(`${f.server.url}/compatible-mode/v1/embeddings`, { method: "POST", headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatchObject({ type: "invalid_request_error", code: "unknown_url" });
  });
});
