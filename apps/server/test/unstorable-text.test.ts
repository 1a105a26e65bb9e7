import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueName } from "./support/accounts.js";
import { type DashScopeFixture, startDashScopeFixture } from "./support/dashscope-fixture.js";
import { publishWorkflow, startLlmEnd } from "./support/workflow-fixture.js";

const NUL = "\u0000";

/**
 * NUL and unpaired surrogates: PostgreSQL refuses or rewrites what SQLite stores. Call content
 * is stored alike on both (as U+FFFD); names and IDs are refused alike on both.
 */
describe.each(testDialects())("text one database would refuse (%s)", (dialect) => {
  let f: DashScopeFixture;
  let key: string;
  let appId: string;
  beforeAll(async () => {
    f = await startDashScopeFixture({ dialect, env: { APPSTUDIO_APP_RPM: "10000", APPSTUDIO_KEY_RPM: "10000" } });
    appId = await f.publishAgent({ dialogRounds: 5 });
    key = (await f.createKey()).secret;
  });
  afterAll(() => f?.close());

  const logged = async (requestId: string) => (await f.server.container.core.repos.callLogs.find(requestId)) ?? null;

  it("a NUL prompt is answered and logged, and the other calls of its batch are logged too", async () => {
    const prompts = Array.from({ length: 20 }, (_, i) => `question ${i}`);
    prompts[9] = `a${NUL}b`;
    prompts[13] = "half a pair \ud83d";
    const responses = await Promise.all(prompts.map((prompt) => f.complete(appId, key, { input: { prompt } })));
    expect(responses.map((r) => r.status)).toEqual(prompts.map(() => 200));
    const requestIds = responses.map((r) => r.headers.get("x-request-id") as string);
    await f.server.container.callLog.flush();
    const rows = await Promise.all(requestIds.map(logged));
    expect(rows.filter((r) => r === null)).toHaveLength(0);
    expect(rows[9]).toMatchObject({ status: 200, prompt: "a\uFFFDb", answer: "Echo: a\uFFFDb" });
    expect(rows[13]).toMatchObject({ prompt: "half a pair \uFFFD" });
    expect(rows[0]).toMatchObject({ prompt: "question 0" });
  });

  it("a NUL prompt joins the conversation history and the next turn sees it", async () => {
    const first = await (await f.complete(appId, key, { input: { prompt: `x${NUL}y` } })).json();
    const second = await f.complete(appId, key, { input: { prompt: "again", session_id: first.output.session_id } });
    expect(second.status).toBe(200);
    const messages = f.model.requests.at(-1)?.body.messages?.map((m) => m.content);
    expect(messages).toEqual(expect.arrayContaining([`x${NUL}y`, `Echo: x${NUL}y`, "again"]));
  });

  it("a workflow run with a NUL prompt is recorded", async () => {
    const flow = await publishWorkflow(f, startLlmEnd());
    const res = await f.complete(flow, key, { input: { prompt: `w${NUL}f` } });
    expect(res.status).toBe(200);
    const runs = await f.server.call("GET", `/manage/v1/apps/${flow}/runs`, { token: f.server.adminToken });
    expect(runs.body.items).toHaveLength(1);
    expect(runs.body.items[0]).toMatchObject({ status: "succeeded", outputs: { text: `Echo: w${NUL}f` } });
  });

  it("a NUL in a name, an ID, a filter or an app config is the same 400 naming the field on both dialects", async () => {
    const token = f.server.adminToken;
    const user = await f.server.call("POST", "/manage/v1/users", { token, body: { loginName: uniqueName("nul"), password: "long-enough-password" } });
    const cases: [string, string, unknown, string][] = [
      ["POST", "/manage/v1/workspaces", { name: `ws${NUL}` }, "body.name"],
      ["POST", "/manage/v1/apps", { workspaceId: f.workspaceId, type: "agent", name: `app${NUL}` }, "body.name"],
      ["POST", "/manage/v1/apps", { workspaceId: f.workspaceId, type: "agent", name: "ok", description: "\udc00" }, "body.description"],
      [
        "PATCH",
        `/manage/v1/apps/${appId}`,
        { config: { model: "fake-model", instructions: `be${NUL}nice`, dialogRounds: 1, tools: [] } },
        "body.config.instructions",
      ],
      ["POST", "/manage/v1/api-keys", { workspaceId: f.workspaceId, description: `key${NUL}` }, "body.description"],
      ["POST", "/manage/v1/users", { loginName: `u${NUL}x`, password: "long-enough-password" }, "body.loginName"],
      ["PATCH", `/manage/v1/users/${user.body.id}`, { displayName: `Ann${NUL}` }, "body.displayName"],
      ["POST", "/manage/v1/tokens", { name: `t${NUL}` }, "body.name"],
      ["GET", `/manage/v1/apps/app%00x`, undefined, "params.app"],
      ["GET", `/manage/v1/workspaces?name=a%00b`, undefined, "query.name"],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await f.server.call(method, path, { token, body });
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 400, code: "InvalidParameter" });
      expect(res.body.details.fields, path).toEqual([{ field, message: expect.stringContaining("NUL") }]);
    }
    // Nothing was created on the way.
    const apps = await f.server.call("GET", `/manage/v1/apps?workspaceId=${f.workspaceId}&limit=200`, { token });
    expect(apps.body.items.filter((a: { name: string }) => a.name.startsWith("app") || a.name === "ok")).toEqual([]);
  });

  it("an app ID holding a NUL on the app API is the same 403 on both dialects, not a database error", async () => {
    const res = await f.complete(`${"a".repeat(31)}%00`, key, { input: { prompt: "hi" } });
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe("App.AccessDenied");
  });
});
