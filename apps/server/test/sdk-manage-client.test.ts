import { ApiError, ManageClient } from "@appstudio/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DashScopeFixture, startDashScopeFixture } from "./support/dashscope-fixture.js";

/** The sdk methods the console relies on, against a real server on 127.0.0.1. */
describe("sdk ManageClient (console methods)", () => {
  let f: DashScopeFixture;
  let client: ManageClient;
  beforeAll(async () => {
    f = await startDashScopeFixture();
    client = new ManageClient({ baseUrl: f.server.url, token: f.server.adminToken });
  });
  afterAll(() => f?.close());

  const createAgent = () =>
    client.createApp({
      workspaceId: f.workspaceId,
      type: "agent",
      name: `agent-${Math.random().toString(36).slice(2)}`,
      config: { model: "fake-model", instructions: "Be brief.", dialogRounds: 1, tools: [] },
    });

  it("streams a test run of the draft, envelope by envelope", async () => {
    const app = await createAgent();
    const envelopes = [];
    for await (const e of client.testRun(app.id, { version: "draft", input: { prompt: "hi" }, parameters: { incremental_output: true } })) envelopes.push(e);
    expect(envelopes.length).toBeGreaterThan(1);
    expect(envelopes.map((e) => e.output.text).join("")).toBe("Echo: hi");
    expect(envelopes.at(-1)?.output.finish_reason).toBe("stop");
  });

  it("throws an error answered before the stream as ApiError", async () => {
    const app = await createAgent();
    const run = client.testRun(app.id, { version: "published", input: { prompt: "hi" } });
    const error = await run.next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409 });
  });

  it("reports invalid fields of a 400 through ApiError.fields", async () => {
    const error = await client.createApp({ workspaceId: f.workspaceId, type: "agent", name: "" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).fields).toEqual(expect.arrayContaining([expect.objectContaining({ field: expect.stringContaining("name") })]));
  });

  it("aborts its requests with the client's signal", async () => {
    const controller = new AbortController();
    controller.abort();
    const aborted = new ManageClient({ baseUrl: f.server.url, token: f.server.adminToken, signal: controller.signal });
    await expect(aborted.whoami()).rejects.toMatchObject({ name: "AbortError" });
  });

  it("lists provider models, workflow runs and hit-test results", async () => {
    const models = await client.listProviderModels({ workspaceId: f.workspaceId });
    expect(JSON.stringify(models)).toContain("fake-model");

    const workflow = await client.createApp({ workspaceId: f.workspaceId, type: "workflow", name: "runs" });
    expect(await client.listWorkflowRuns(workflow.id, { limit: 5 })).toMatchObject({ items: [], total: 0, limit: 5 });
    await expect(client.getWorkflowRun("no-such-run")).rejects.toMatchObject({ status: 404, code: "NotFound" });

    const kb = await client.createKnowledgeBase({ workspaceId: f.workspaceId, name: "empty" });
    expect(await client.retrieve(kb.id, { query: "anything", topK: 3 })).toMatchObject({ hits: [] });
  });

  it("gives the download URL of a document's file", async () => {
    const url = client.documentFileUrl("doc/1");
    expect(url).toBe(`${f.server.url}/manage/v1/knowledge-documents/doc%2F1/file`);
    const response = await fetch(url, { headers: { authorization: `Bearer ${f.server.adminToken}` } });
    expect(response.status).toBe(404);
  });
});
