import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DashScopeFixture, parseSse, startDashScopeFixture } from "../support/dashscope-fixture.js";
import { rawPost } from "../support/raw-http.js";

describe.each(testDialects())("app completion errors (%s)", (dialect) => {
  let f: DashScopeFixture;
  let appId: string;
  let key: string;
  beforeAll(async () => {
    f = await startDashScopeFixture({ dialect });
    appId = await f.publishAgent();
    key = (await f.createKey()).secret;
  });
  afterAll(() => f?.close());

  const expectError = async (res: Response, status: number, code: string) => {
    expect(res.status).toBe(status);
    const body = await res.json();
    expect(body.code).toBe(code);
    expect(body.request_id).toBe(res.headers.get("x-request-id"));
    return body;
  };

  it("401 InvalidApiKey for a missing, unknown or disabled key", async () => {
    const missing = await fetch(`${f.server.url}/api/v1/apps/${appId}/completion`, {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    expect((await expectError(missing, 401, "InvalidApiKey")).message).toBe("Invalid API-key provided.");
    await expectError(await f.complete(appId, `sk-${"0".repeat(48)}`, { input: { prompt: "x" } }), 401, "InvalidApiKey");
    const k = await f.createKey();
    await f.server.call("POST", `/manage/v1/api-keys/${k.id}/disable`, { token: f.server.adminToken });
    await expectError(await f.complete(appId, k.secret, { input: { prompt: "x" } }), 401, "InvalidApiKey");
  });

  it("403 App.AccessDenied for unknown, unpublished, other-workspace and non-allowlisted apps", async () => {
    await expectError(await f.complete("f".repeat(32), key, { input: { prompt: "x" } }), 403, "App.AccessDenied");
    const draft = await f.server.call("POST", "/manage/v1/apps", {
      token: f.server.adminToken,
      body: { workspaceId: f.workspaceId, type: "agent", name: "unpublished" },
    });
    await expectError(await f.complete(draft.body.id, key, { input: { prompt: "x" } }), 403, "App.AccessDenied");
    const other = await f.server.call("POST", "/manage/v1/workspaces", { token: f.server.adminToken, body: { name: `other-${dialect}` } });
    const otherKey = (await f.server.call("POST", "/manage/v1/api-keys", { token: f.server.adminToken, body: { workspaceId: other.body.id } })).body.secret;
    await expectError(await f.complete(appId, otherKey, { input: { prompt: "x" } }), 403, "App.AccessDenied");
    const second = await f.publishAgent();
    const narrow = await f.createKey({ appAllowlist: [second] });
    await expectError(await f.complete(appId, narrow.secret, { input: { prompt: "x" } }), 403, "App.AccessDenied");
    expect((await f.complete(second, narrow.secret, { input: { prompt: "x" } })).status).toBe(200);
  });

  it("400 FlowNotPublished for an unpublished workflow", async () => {
    const wf = await f.server.call("POST", "/manage/v1/apps", {
      token: f.server.adminToken,
      body: { workspaceId: f.workspaceId, type: "workflow", name: "flow" },
    });
    const body = await expectError(await f.complete(wf.body.id, key, { input: { prompt: "x" } }), 400, "FlowNotPublished");
    expect(body.message).toBe("Flow has not published yet, please publish flow and try again.");
  });

  it("403 Workspace.AccessDenied when the header or the dedicated host names another workspace", async () => {
    await expectError(
      await f.complete(appId, key, { input: { prompt: "x" } }, { "X-DashScope-WorkSpace": "ws-aaaaaaaaaaaaaaaa" }),
      403,
      "Workspace.AccessDenied",
    );
    expect((await f.complete(appId, key, { input: { prompt: "x" } }, { "x-dashscope-workspace": f.workspaceId })).status).toBe(200);
    const url = `${f.server.url}/api/v1/apps/${appId}/completion`;
    const body = JSON.stringify({ input: { prompt: "x" } });
    const port = new URL(f.server.url).port;
    const wrongHost = await rawPost(url, { authorization: `Bearer ${key}`, host: `ws-aaaaaaaaaaaaaaaa.local.localhost:${port}` }, body);
    expect(wrongHost.status).toBe(403);
    expect(JSON.parse(wrongHost.text).code).toBe("Workspace.AccessDenied");
    const rightHost = await rawPost(url, { authorization: `Bearer ${key}`, host: `${f.workspaceId}.local.localhost:${port}` }, body);
    expect(rightHost.status).toBe(200);
    expect(JSON.parse(rightHost.text).output.text).toBe("Echo: x");
  });

  it("401 InvalidApiKey for a key taken to another region's host", async () => {
    const url = `${f.server.url}/api/v1/apps/${appId}/completion`;
    // The region list has only `local`; a host of region `cn-beijing` is not a host of the key's region.
    f.server.container.core.settings.regions.push({
      id: "cn-beijing",
      name: "Beijing",
      sharedOrigin: "https://dashscope.example.com",
      apiDomain: "maas.example.com",
    });
    try {
      const res = await rawPost(url, { authorization: `Bearer ${key}`, host: "dashscope.example.com" }, JSON.stringify({ input: { prompt: "x" } }));
      expect(res.status).toBe(401);
      expect(JSON.parse(res.text).code).toBe("InvalidApiKey");
    } finally {
      f.server.container.core.settings.regions.pop();
    }
  });

  it("403 AccessDenied from an address outside the key's IP allowlist", async () => {
    const k = await f.createKey({ ipAllowlist: ["10.0.0.0/8"] });
    await expectError(await f.complete(appId, k.secret, { input: { prompt: "x" } }), 403, "AccessDenied");
    const ok = await f.createKey({ ipAllowlist: ["127.0.0.0/8", "::1"] });
    expect((await f.complete(appId, ok.secret, { input: { prompt: "x" } })).status).toBe(200);
  });

  it("400 for bad input, naming the field", async () => {
    const none = await expectError(await f.complete(appId, key, { input: {} }), 400, "InvalidParameter");
    expect(none.message).toContain("prompt");
    await expectError(await f.complete(appId, key, { parameters: {} }), 400, "BadRequest.EmptyInput");
    const wrongType = await expectError(await f.complete(appId, key, { input: { prompt: 5 } }), 400, "InvalidParameter");
    expect(wrongType.message).toContain("input.prompt");
    const temp = await expectError(await f.complete(appId, key, { input: { prompt: "x" }, parameters: { temperature: "hot" } }), 400, "InvalidParameter");
    expect(temp.message).toContain("parameters.temperature");
    await expectError(await f.complete(appId, key, "{not json"), 400, "BadRequest.IllegalInput");
    const badRole = await expectError(await f.complete(appId, key, { input: { messages: [{ role: "robot", content: "x" }] } }), 400, "InvalidParameter");
    expect(badRole.message).toContain("input.messages[0].role");
    await expectError(await f.complete(appId, key, { input: { prompt: "x", session_id: "not-a-session" } }), 400, "InvalidParameter");
    const huge = "x".repeat(11 * 1024 * 1024);
    await expectError(await f.complete(appId, key, JSON.stringify({ input: { prompt: huge } })), 400, "BadRequest.TooLarge");
  });

  it("maps model failures: 429, 500, dropped connection", async () => {
    f.model.script({ status: 429 });
    await expectError(await f.complete(appId, key, { input: { prompt: "x" } }), 429, "Throttling.RateQuota");
    f.model.script({ status: 500 });
    await expectError(await f.complete(appId, key, { input: { prompt: "x" } }), 500, "ModelServiceFailed");
    f.model.script({ dropAfterFrames: 0 });
    await expectError(await f.complete(appId, key, { input: { prompt: "x" } }), 500, "ModelServiceFailed");
  });

  it("sends one event:error when the model fails after the stream started", async () => {
    f.model.script({ text: "one two three four", chunks: 4, delayMs: 30, dropAfterFrames: 3 });
    const res = await f.complete(appId, key, { input: { prompt: "x" } }, { "X-DashScope-SSE": "enable" });
    expect(res.status).toBe(200);
    const events = parseSse(await res.text());
    const last = events.at(-1)!;
    expect(last.event).toBe("error");
    expect(last.status).toBe("500");
    expect(last.data.code).toBe("ModelServiceFailed");
    expect(last.data.request_id).toBe(res.headers.get("x-request-id"));
    expect(events.slice(0, -1).every((e) => e.event === "result")).toBe(true);
  });

  it("answers errors before a stream starts as plain JSON", async () => {
    f.model.script({ status: 500 });
    const res = await f.complete(appId, key, { input: { prompt: "x" } }, { "X-DashScope-SSE": "enable" });
    await expectError(res, 500, "ModelServiceFailed");
  });

  it("503 ModelNotConfigured names what to configure", async () => {
    const id = await f.publishAgent({ model: "no-such-model" });
    f.server.container.models.router = {
      resolve: async () => {
        throw (await import("@appstudio/core")).modelNotConfigured("no-such-model");
      },
    };
    const body = await expectError(await f.complete(id, key, { input: { prompt: "x" } }), 503, "ModelNotConfigured");
    expect(body.message).toMatch(/DASHSCOPE_API_KEY|OPENAI_API_KEY/);
  });
});
