import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkspace } from "../support/accounts.js";
import type { DashScopeFixture } from "../support/dashscope-fixture.js";
import { $Bailian, agentConfig, type BailianClient, clientError, createAgent, defined, startBailianFixture } from "./bailian-fixture.js";

const HEX32 = /^[0-9a-f]{32}$/;

/** Bailian 2023-12-29 memory operations with the official client, and the memory in an app call. */
describe.each(testDialects())("Bailian memory operations with the official client (%s)", (dialect) => {
  let f: DashScopeFixture;
  let client: BailianClient;
  let ws: string;

  const createMemory = async (description: string) =>
    defined((await client.createMemory(ws, new $Bailian.CreateMemoryRequest({ description }))).body?.memoryId);
  const addNode = async (memoryId: string, content: string) =>
    defined((await client.createMemoryNode(ws, memoryId, new $Bailian.CreateMemoryNodeRequest({ content }))).body?.memoryNodeId);

  beforeAll(async () => {
    ({ f, client } = await startBailianFixture(dialect));
    ws = f.workspaceId;
  }, 60_000);
  afterAll(() => f?.close());

  it("creates, reads, updates and deletes memories", async () => {
    const created = await client.createMemory(ws, new $Bailian.CreateMemoryRequest({ description: "user 42" }));
    expect(created.statusCode).toBe(200);
    const memoryId = defined(created.body?.memoryId);
    expect(memoryId).toMatch(HEX32);
    expect(created.body?.requestId).toBeTruthy();

    const got = await client.getMemory(ws, memoryId, new $Bailian.GetMemoryRequest({}));
    expect(got.body).toMatchObject({ memoryId, description: "user 42", workspaceId: ws });

    await client.updateMemory(ws, memoryId, new $Bailian.UpdateMemoryRequest({ description: "user 42, premium" }));
    expect((await client.getMemory(ws, memoryId, new $Bailian.GetMemoryRequest({}))).body?.description).toBe("user 42, premium");

    const listed = await client.listMemories(ws, new $Bailian.ListMemoriesRequest({ maxResults: 100 }));
    expect(listed.body).toMatchObject({ workspaceId: ws, maxResults: 100 });
    expect(listed.body?.memories?.map((m) => m.memoryId)).toContain(memoryId);
    expect(listed.body?.nextToken).toBeUndefined();

    await client.deleteMemory(ws, memoryId, new $Bailian.DeleteMemoryRequest({}));
    expect(await clientError(client.getMemory(ws, memoryId, new $Bailian.GetMemoryRequest({})))).toMatchObject({ statusCode: 404, code: "NotFound" });
  });

  it("pages memories with nextToken until the last page", async () => {
    for (let i = 0; i < 3; i++) await createMemory(`paged ${i}`);
    const total = defined((await client.listMemories(ws, new $Bailian.ListMemoriesRequest({ maxResults: 100 }))).body?.totalCount);
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = defined((await client.listMemories(ws, new $Bailian.ListMemoriesRequest({ maxResults: 2, ...(nextToken ? { nextToken } : {}) }))).body);
      expect(page.memories?.length).toBeLessThanOrEqual(2);
      expect(page.totalCount).toBe(total);
      seen.push(...(page.memories ?? []).map((m) => defined(m.memoryId)));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(new Set(seen).size).toBe(total);
    const bad = await clientError(client.listMemories(ws, new $Bailian.ListMemoriesRequest({ nextToken: "forged" })));
    expect(bad).toMatchObject({ statusCode: 400, code: "InvalidParameter" });
  });

  it("creates, lists, reads, updates and deletes memory nodes", async () => {
    const memoryId = await createMemory("nodes");
    const first = await addNode(memoryId, "The user's name is Alice.");
    const second = await addNode(memoryId, "The user is vegetarian.");
    expect(first).toMatch(HEX32);

    const listed = defined((await client.listMemoryNodes(ws, memoryId, new $Bailian.ListMemoryNodesRequest({ maxResults: 10 }))).body);
    expect(listed.memoryNodes).toEqual([
      { memoryNodeId: first, content: "The user's name is Alice." },
      { memoryNodeId: second, content: "The user is vegetarian." },
    ]);
    expect(listed.totalCount).toBe(2);

    await client.updateMemoryNode(ws, memoryId, second, new $Bailian.UpdateMemoryNodeRequest({ content: "The user is vegan." }));
    const got = defined((await client.getMemoryNode(ws, memoryId, second, new $Bailian.GetMemoryNodeRequest({}))).body);
    expect(got).toMatchObject({ memoryId, memoryNodeId: second, content: "The user is vegan.", workspaceId: ws });

    await client.deleteMemoryNode(ws, memoryId, first, new $Bailian.DeleteMemoryNodeRequest({}));
    const after = defined((await client.listMemoryNodes(ws, memoryId, new $Bailian.ListMemoryNodesRequest({}))).body);
    expect(after.memoryNodes?.map((n) => n.memoryNodeId)).toEqual([second]);
    expect(await clientError(client.getMemoryNode(ws, memoryId, first, new $Bailian.GetMemoryNodeRequest({})))).toMatchObject({ statusCode: 404 });

    const empty = await clientError(client.createMemoryNode(ws, memoryId, new $Bailian.CreateMemoryNodeRequest({})));
    expect(empty).toMatchObject({ statusCode: 400, code: "InvalidParameter" });
    expect(empty.message).toMatch(/content/);
  });

  it("an agent created over the OpenAPI recalls a memory filled over the OpenAPI", async () => {
    const memoryId = await createMemory("recall");
    await addNode(memoryId, "The user's favourite colour is teal.");
    const memoryAgent = { instructions: "Be personal.", applicationConfig: agentConfig({ longTermMemory: { enable: true } }) };
    const appCode = defined((await createAgent(client, ws, "remembering-agent", memoryAgent)).body?.data);
    const key = await f.createKey();
    f.model.script({ text: "Teal it is." }, { text: "[]" });
    const res = await f.complete(appCode, key.secret, { input: { prompt: "Which colour should my bike be?", memory_id: memoryId } });
    expect(res.status).toBe(200);
    await f.server.container.background.drain();
    const answer = f.model.requests.filter((r) => r.path === "/v1/chat/completions").find((r) => JSON.stringify(r.body).includes("Which colour"));
    expect(String(answer?.body.messages?.[0]?.content)).toContain("The user's favourite colour is teal.");
  });

  it("keeps workspaces apart: a memory of another workspace is not found through this one", async () => {
    const other = await createWorkspace(f.server);
    const foreign = defined((await client.createMemory(other, new $Bailian.CreateMemoryRequest({ description: "elsewhere" }))).body?.memoryId);
    expect(await clientError(client.getMemory(ws, foreign, new $Bailian.GetMemoryRequest({})))).toMatchObject({ statusCode: 404 });
    expect(await clientError(client.createMemoryNode(ws, foreign, new $Bailian.CreateMemoryNodeRequest({ content: "x" })))).toMatchObject({
      statusCode: 404,
    });
    expect(await clientError(client.deleteMemory(ws, foreign, new $Bailian.DeleteMemoryRequest({})))).toMatchObject({ statusCode: 404 });
    const listed = defined((await client.listMemories(ws, new $Bailian.ListMemoriesRequest({ maxResults: 100 }))).body);
    expect(listed.memories?.map((m) => m.memoryId)).not.toContain(foreign);
    // Still there in its own workspace.
    expect((await client.getMemory(other, foreign, new $Bailian.GetMemoryRequest({}))).body?.memoryId).toBe(foreign);
  });
});
