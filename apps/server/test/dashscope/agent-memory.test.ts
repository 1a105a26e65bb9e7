import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, createToken, createUser } from "../support/accounts.js";
import { type DashScopeFixture, parseSse, startDashScopeFixture } from "../support/dashscope-fixture.js";

/** Long-term memory: management routes, recall into the turn, extraction after it, isolation. */
describe.each(testDialects())("long-term memory (%s)", (dialect) => {
  let f: DashScopeFixture;
  let key: string;
  let app: string;
  let memoryId: string;
  let wsB: string;
  let keyB: string;
  let foreignMemory: string;

  const token = () => f.server.adminToken;
  const chatRequests = () => f.model.requests.filter((r) => r.path === "/v1/chat/completions");
  const nodesOf = async (id: string) =>
    (await f.server.call("GET", `/manage/v1/memories/${id}/nodes?limit=200`, { token: token() })).body.items.map((n: { content: string }) => n.content);

  beforeAll(async () => {
    f = await startDashScopeFixture({ dialect, env: { APPSTUDIO_APP_RPM: "10000", APPSTUDIO_KEY_RPM: "10000" } });
    key = (await f.createKey()).secret;
    app = await f.publishAgent({ longTermMemory: { enabled: true } });
    const created = await f.server.call("POST", "/manage/v1/memories", { token: token(), body: { workspaceId: f.workspaceId, description: "customer-42" } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    memoryId = created.body.id;
    expect(
      (await f.server.call("POST", `/manage/v1/memories/${memoryId}/nodes`, { token: token(), body: { content: "The user's name is Alice." } })).status,
    ).toBe(201);

    wsB = (await f.server.call("POST", "/manage/v1/workspaces", { token: token(), body: { name: `mem-other-${dialect}` } })).body.id;
    keyB = (await f.server.call("POST", "/manage/v1/api-keys", { token: token(), body: { workspaceId: wsB } })).body.secret;
    foreignMemory = (await f.server.call("POST", "/manage/v1/memories", { token: token(), body: { workspaceId: wsB } })).body.id;
  }, 60_000);
  afterAll(() => f?.close());

  it("recalls the memory into the system prompt with the spec's thought, then stores the new fact once", async () => {
    f.model.script({ text: "Hello Alice! Try the tofu." }, { text: '["The user is vegetarian.", "The user\'s name is Alice."]' });
    const res = await f.complete(app, key, {
      input: { prompt: "I am vegetarian, what should I eat?", memory_id: memoryId },
      parameters: { has_thoughts: true },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.output.text).toBe("Hello Alice! Try the tofu.");
    const [thought] = body.output.thoughts;
    expect(Object.keys(thought).sort()).toEqual(["action", "action_input_stream", "action_name", "action_type", "arguments", "observation"]);
    expect(thought).toMatchObject({ action_type: "api", action_name: "长期记忆检索", action: "memory" });
    expect(JSON.parse(thought.action_input_stream)).toEqual({ memory_id: memoryId, query: "I am vegetarian, what should I eat?" });
    expect(JSON.parse(thought.observation)).toEqual([{ memoryNodeId: expect.stringMatching(/^[0-9a-f]{32}$/), content: "The user's name is Alice." }]);

    await f.server.container.background.drain();
    const answerRequest = chatRequests().at(-2);
    expect(String(answerRequest?.body.messages?.[0]?.content)).toContain("- The user's name is Alice.");
    const extraction = chatRequests().at(-1);
    expect(String(extraction?.body.messages?.[1]?.content)).toContain("User: I am vegetarian, what should I eat?");
    expect(String(extraction?.body.messages?.[1]?.content)).toContain("Assistant: Hello Alice! Try the tofu.");
    expect(await nodesOf(memoryId)).toEqual(["The user's name is Alice.", "The user is vegetarian."]);

    // Streaming: the thought comes first; extraction again, and a known fact is not stored twice.
    f.model.script({ text: "Noted." }, { text: '["The user is vegetarian!", "The user lives in Hangzhou."]' });
    const sse = parseSse(
      await (
        await f.complete(
          app,
          key,
          { input: { prompt: "I live in Hangzhou", memory_id: memoryId }, parameters: { has_thoughts: true } },
          { "X-DashScope-SSE": "enable" },
        )
      ).text(),
    );
    expect(sse[0]?.data.output.thoughts[0].action).toBe("memory");
    await f.server.container.background.drain();
    expect(await nodesOf(memoryId)).toEqual(["The user's name is Alice.", "The user is vegetarian.", "The user lives in Hangzhou."]);
  });

  it("a failed extraction is only logged; the answer is unaffected", async () => {
    f.model.script({ text: "Sure." }, { status: 500, errorMessage: "boom" });
    const before = await nodesOf(memoryId);
    const res = await f.complete(app, key, { input: { prompt: "hi", memory_id: memoryId } });
    expect(res.status).toBe(200);
    expect((await res.json()).output.text).toBe("Sure.");
    await f.server.container.background.drain();
    expect(await nodesOf(memoryId)).toEqual(before);
  });

  it("ignores memory_id on an app without long-term memory", async () => {
    const plain = await f.publishAgent();
    const before = chatRequests().length;
    const body = await (await f.complete(plain, key, { input: { prompt: "hi", memory_id: memoryId }, parameters: { has_thoughts: true } })).json();
    expect(body.output.thoughts).toEqual([]);
    await f.server.container.background.drain();
    expect(chatRequests().length).toBe(before + 1);
  });

  it("isolation: another workspace's memory is an unknown memory_id, unlisted, and unreadable", async () => {
    for (const id of [foreignMemory, "0".repeat(32), "not-an-id"]) {
      const res = await f.complete(app, key, { input: { prompt: "hi", memory_id: id } });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: "InvalidParameter", message: `input.memory_id: no memory '${id}' in this workspace` });
    }
    const listedA = await (await fetch(`${f.server.url}/api/v1/memories`, { headers: { authorization: `Bearer ${key}` } })).json();
    expect(listedA.items.map((m: { memory_id: string }) => m.memory_id)).toContain(memoryId);
    expect(listedA.items.map((m: { memory_id: string }) => m.memory_id)).not.toContain(foreignMemory);
    expect(listedA.items.find((m: { memory_id: string }) => m.memory_id === memoryId)).toMatchObject({
      description: "customer-42",
      workspace_id: f.workspaceId,
    });
    const listedB = await (await fetch(`${f.server.url}/api/v1/memories`, { headers: { authorization: `Bearer ${keyB}` } })).json();
    expect(listedB.items.map((m: { memory_id: string }) => m.memory_id)).toEqual([foreignMemory]);

    // A member of workspace B only: A's memory and its nodes read as missing, and cannot be changed.
    const user = await createUser(f.server);
    await addMember(f.server, wsB, user.id, "member");
    const member = (await createToken(f.server, user)).secret;
    const nodeId = (await f.server.call("GET", `/manage/v1/memories/${memoryId}/nodes`, { token: token() })).body.items[0].id;
    for (const [method, path] of [
      ["GET", `/manage/v1/memories/${memoryId}`],
      ["GET", `/manage/v1/memories/${memoryId}/nodes`],
      ["GET", `/manage/v1/memories/${memoryId}/nodes/${nodeId}`],
      ["PATCH", `/manage/v1/memories/${memoryId}/nodes/${nodeId}`],
      ["DELETE", `/manage/v1/memories/${memoryId}`],
      ["GET", `/manage/v1/memories/${"0".repeat(32)}`],
    ] as const) {
      const res = await f.server.call(method, path, { token: member, ...(method === "PATCH" ? { body: { content: "stolen" } } : {}) });
      expect([method, path, res.status, res.body.code]).toEqual([method, path, 404, "NotFound"]);
    }
    const list = await f.server.call("GET", "/manage/v1/memories", { token: member });
    expect(list.body.items.map((m: { id: string }) => m.id)).toEqual([foreignMemory]);
    expect((await f.server.call("GET", `/manage/v1/memories?workspaceId=${f.workspaceId}`, { token: member })).status).toBe(403);
    expect((await f.server.call("POST", "/manage/v1/memories", { token: member, body: { workspaceId: f.workspaceId } })).status).toBe(403);
  });

  it("management routes: edit, validate, delete a node and the whole memory", async () => {
    const created = (await f.server.call("POST", "/manage/v1/memories", { token: token(), body: { workspaceId: f.workspaceId } })).body;
    expect(created).toMatchObject({ description: "", nodeCount: 0, workspaceId: f.workspaceId });
    const patched = await f.server.call("PATCH", `/manage/v1/memories/${created.id}`, { token: token(), body: { description: "renamed" } });
    expect(patched.body.description).toBe("renamed");
    const node = (await f.server.call("POST", `/manage/v1/memories/${created.id}/nodes`, { token: token(), body: { content: "  likes jazz  " } })).body;
    expect(node.content).toBe("likes jazz");
    expect((await f.server.call("POST", `/manage/v1/memories/${created.id}/nodes`, { token: token(), body: { content: "   " } })).status).toBe(400);
    const edited = await f.server.call("PATCH", `/manage/v1/memories/${created.id}/nodes/${node.id}`, { token: token(), body: { content: "likes bebop" } });
    expect(edited.body.content).toBe("likes bebop");
    expect((await f.server.call("GET", `/manage/v1/memories/${created.id}`, { token: token() })).body.nodeCount).toBe(1);
    expect((await f.server.call("DELETE", `/manage/v1/memories/${created.id}/nodes/${node.id}`, { token: token() })).body).toEqual({ ok: true });
    expect((await f.server.call("GET", `/manage/v1/memories/${created.id}/nodes/${node.id}`, { token: token() })).status).toBe(404);
    expect((await f.server.call("DELETE", `/manage/v1/memories/${created.id}`, { token: token() })).status).toBe(200);
    expect((await f.server.call("GET", `/manage/v1/memories/${created.id}`, { token: token() })).status).toBe(404);
  });
});
