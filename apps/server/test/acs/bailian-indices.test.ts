import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkspace } from "../support/accounts.js";
import type { DashScopeFixture } from "../support/dashscope-fixture.js";
import { type ManageClient, manageClient, waitForIngestion } from "../support/ingestion.js";
import { $Bailian, agentConfig, type BailianClient, clientError, createAgent, defined, startBailianFixture } from "./bailian-fixture.js";

const HANDBOOK = [
  "# Travel policy",
  "Employees book trains for trips under four hours.",
  "## Expenses",
  "The quokka allowance is forty-two euros per night in Lisbon.",
].join("\n\n");

/**
 * Bailian 2023-12-29 index (knowledge base) operations with the official client, over real
 * ingestion: an index made with CreateIndex, a document uploaded through the management API,
 * the background ingestion, then ListIndexDocuments and Retrieve.
 */
describe.each(testDialects())("Bailian index operations with the official client (%s)", (dialect) => {
  let f: DashScopeFixture;
  let client: BailianClient;
  let manage: ManageClient;
  let ws: string;
  let indexId: string;

  const retrieve = (query: string, extra: Record<string, unknown> = {}, workspaceId = ws, id = indexId) =>
    client.retrieve(workspaceId, new $Bailian.RetrieveRequest({ indexId: id, query, ...extra }));

  beforeAll(async () => {
    ({ f, client } = await startBailianFixture(dialect, { APPSTUDIO_KNOWLEDGE_CONCURRENCY: "2" }));
    ws = f.workspaceId;
    manage = manageClient(f.server.url, f.server.adminToken);
  }, 60_000);
  afterAll(() => f?.close());

  it("creates an index and lists it", async () => {
    const created = await client.createIndex(
      ws,
      new $Bailian.CreateIndexRequest({
        name: "handbook",
        description: "company rules",
        chunkSize: 60,
        overlapSize: 10,
        embeddingModelName: "fake-embedding",
        structureType: "unstructured",
        sinkType: "BUILT_IN",
        sourceType: "DATA_CENTER_FILE",
      }),
    );
    expect(created.body).toMatchObject({ code: "Success", success: true, status: "200" });
    expect(created.body?.requestId).toBeTruthy();
    indexId = defined(created.body?.data?.id);
    expect(indexId).toMatch(/^[a-z0-9]{10}$/);

    const listed = defined((await client.listIndices(ws, new $Bailian.ListIndicesRequest({ pageNumber: "1", pageSize: "50" }))).body);
    expect(listed.success).toBe(true);
    expect(listed.data).toMatchObject({ pageNumber: 1, pageSize: 50, totalCount: 1 });
    expect(listed.data?.indices?.[0]).toMatchObject({
      id: indexId,
      name: "handbook",
      description: "company rules",
      chunkSize: 60,
      overlapSize: 10,
      embeddingModelName: "fake-embedding",
    });
  });

  it("lists the documents of an index once ingested, and retrieves from them", async () => {
    const uploaded = await manage.upload(indexId, [{ name: "handbook.md", content: HANDBOOK }]);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    await waitForIngestion(manage, indexId);

    const docs = defined((await client.listIndexDocuments(ws, new $Bailian.ListIndexDocumentsRequest({ indexId, pageNumber: 1, pageSize: 10 }))).body);
    expect(docs.data).toMatchObject({ indexId, pageNumber: 1, pageSize: 10, totalCount: 1 });
    expect(docs.data?.documents?.[0]).toMatchObject({ name: "handbook.md", status: "FINISH", documentType: "markdown", size: Buffer.byteLength(HANDBOOK) });
    expect(docs.data?.documents?.[0]?.id).toMatch(/^file_[0-9a-f]{32}$/);
    const finished = await client.listIndexDocuments(ws, new $Bailian.ListIndexDocumentsRequest({ indexId, documentStatus: "FINISH", documentName: "hand" }));
    expect(finished.body?.data?.totalCount).toBe(1);
    const failed = await client.listIndexDocuments(ws, new $Bailian.ListIndexDocumentsRequest({ indexId, documentStatus: "INSERT_ERROR" }));
    expect(failed.body?.data?.totalCount).toBe(0);

    const result = defined((await retrieve("quokka allowance in Lisbon", { rerankTopN: 3 })).body);
    expect(result).toMatchObject({ code: "Success", success: true });
    const nodes = defined(result.data?.nodes);
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.length).toBeLessThanOrEqual(3);
    expect(nodes[0]?.text).toContain("quokka allowance");
    expect(nodes[0]?.score).toBeGreaterThan(0);
    expect(nodes[0]?.metadata).toMatchObject({ doc_name: "handbook.md", doc_id: docs.data?.documents?.[0]?.id, pipeline_id: indexId, workspace_id: ws });
  });

  it("an agent created over the OpenAPI answers from the index", async () => {
    const ragConfig = { enableSearch: true, knowledgeBaseCodeList: [indexId], topK: 2 };
    const appCode = defined(
      (await createAgent(client, ws, "handbook-agent", { instructions: "Answer from the handbook.", applicationConfig: agentConfig({ ragConfig }) })).body
        ?.data,
    );
    const agent = defined((await client.getPublishedAgent(ws, appCode, new $Bailian.GetPublishedAgentRequest({}))).body?.data);
    expect(agent.applicationConfig?.ragConfig).toMatchObject(ragConfig);

    const key = await f.createKey();
    f.model.script({ text: "Forty-two euros." });
    const res = await f.complete(appCode, key.secret, { input: { prompt: "What is the quokka allowance?" } });
    expect(res.status).toBe(200);
    const answer = defined(f.model.requests.filter((r) => r.path === "/v1/chat/completions").at(-1));
    expect(String(answer.body.messages?.[0]?.content)).toContain("The quokka allowance is forty-two euros per night in Lisbon.");
  });

  it("refuses input it cannot honour with InvalidParameter", async () => {
    const noQuery = await clientError(client.retrieve(ws, new $Bailian.RetrieveRequest({ indexId })));
    expect(noQuery).toMatchObject({ statusCode: 400, code: "InvalidParameter" });
    expect(noQuery.message).toMatch(/Query/);
    const withFiles = await clientError(client.createIndex(ws, new $Bailian.CreateIndexRequest({ name: "from-files", documentIds: ["file_x"] })));
    expect(withFiles).toMatchObject({ statusCode: 400, code: "InvalidParameter" });
    expect(withFiles.message).toMatch(/DocumentIds/);
    const running = await clientError(client.listIndexDocuments(ws, new $Bailian.ListIndexDocumentsRequest({ indexId, documentStatus: "RUNNING" })));
    expect(running).toMatchObject({ statusCode: 400, code: "InvalidParameter" });
    const tooMany = await clientError(retrieve("quokka", { rerankTopN: 1000 }));
    expect(tooMany).toMatchObject({ statusCode: 400, code: "InvalidParameter" });
    const noName = await clientError(client.createIndex(ws, new $Bailian.CreateIndexRequest({})));
    expect(noName).toMatchObject({ statusCode: 400, code: "InvalidParameter" });
  });

  it("keeps workspaces apart and deletes an index", async () => {
    const other = await createWorkspace(f.server);
    const foreign = defined((await client.createIndex(other, new $Bailian.CreateIndexRequest({ name: "elsewhere" }))).body?.data?.id);
    expect(await clientError(retrieve("anything", {}, ws, foreign))).toMatchObject({ statusCode: 404, code: "NotFound" });
    expect(await clientError(client.listIndexDocuments(ws, new $Bailian.ListIndexDocumentsRequest({ indexId: foreign })))).toMatchObject({ statusCode: 404 });
    expect(await clientError(client.deleteIndex(ws, new $Bailian.DeleteIndexRequest({ indexId: foreign })))).toMatchObject({ statusCode: 404 });
    expect((await client.listIndices(ws, new $Bailian.ListIndicesRequest({}))).body?.data?.indices?.map((i) => i.id)).not.toContain(foreign);

    const deleted = await client.deleteIndex(other, new $Bailian.DeleteIndexRequest({ indexId: foreign }));
    expect(deleted.body).toMatchObject({ code: "Success", success: true });
    expect((await client.listIndices(other, new $Bailian.ListIndicesRequest({}))).body?.data?.totalCount).toBe(0);
    expect(await clientError(retrieve("anything", {}, other, foreign))).toMatchObject({ statusCode: 404 });
  });
});
