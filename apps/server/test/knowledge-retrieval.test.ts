import { type FakeModelServer, startFakeModelServer } from "@appstudio/core/testing";
import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing/index.js";
import { addMember, createToken, createUser, createWorkspace, uniqueName } from "./support/accounts.js";
import { expectError } from "./support/error-body.js";
import { KNOWLEDGE_TEST_ENV, uploadOne } from "./support/knowledge.js";

const M = "/manage/v1";

const REFUND = "退款申请流程：登录账户后进入订单页面，点击申请退款并填写原因，审核通过后三个工作日内到账。";
const INSTALL = "Installing the server on Linux: download the archive, unpack it and run the start script.";
const BILLING = "Billing happens monthly. Invoices are sent by email on the first day of the month.";

describe.each(testDialects())("hit testing over HTTP (%s)", (dialect) => {
  let server: TestServer;
  let model: FakeModelServer;
  let wsA: string;
  let wsB: string;
  let kbVectors: string;
  let kbText: string;
  let kbOfB: string;
  let guideId: string;
  let outsiderToken: string;

  const retrieve = (kb: string, body: unknown, token = server.adminToken) => server.call("POST", `${M}/knowledge-bases/${kb}/retrieve`, { token, body });

  /** Stores chunks (with pages and headings) and their vectors as ingestion would. */
  async function seed(documentId: string, texts: string[]) {
    const { repos } = server.container.core;
    const ws = (await repos.knowledgeDocuments.workspaceOf(documentId)) ?? "";
    const document = await repos.knowledgeDocuments.find(ws, documentId);
    if (!document) throw new Error(`document ${documentId} is missing`);
    const drafts = texts.map((text, seq) => ({ seq, text, headingPath: ["Manual", `Section ${seq + 1}`], page: seq + 1, tokenCount: 20 }));
    const chunks = await repos.knowledgeChunks.replaceForDocument(document, drafts, new Date().toISOString());
    const kb = await repos.knowledgeBases.find(ws, document.knowledgeBaseId);
    if (!kb?.embeddingModel) return chunks;
    const vectors = await server.container.models.embedder.embed(kb.embeddingModel, texts);
    await repos.knowledgeSearch.storeEmbeddings(
      document,
      kb.embeddingModel,
      chunks.map((c, i) => ({ chunkId: c.id, vector: vectors[i] ?? [] })),
    );
    return chunks;
  }

  async function createKb(workspaceId: string, embeddingModel: string | null) {
    const res = await server.call("POST", `${M}/knowledge-bases`, { token: server.adminToken, body: { workspaceId, name: uniqueName("kb"), embeddingModel } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  }

  beforeAll(async () => {
    model = await startFakeModelServer();
    server = await startTestServer({
      dialect,
      env: { ...KNOWLEDGE_TEST_ENV, APPSTUDIO_PROVIDERS: JSON.stringify([{ name: "fake", baseUrl: model.url, models: ["fake-embed"] }]) },
    });
    wsA = await createWorkspace(server);
    wsB = await createWorkspace(server);
    kbVectors = await createKb(wsA, "fake-embed");
    kbText = await createKb(wsA, null);
    kbOfB = await createKb(wsB, "fake-embed");
    guideId = await uploadOne(server, kbVectors, { name: "manual.md", content: "# Manual\n" });
    await seed(guideId, [INSTALL, REFUND, BILLING]);
    await seed(await uploadOne(server, kbText, { name: "notes.md", content: "# Notes\n" }), [INSTALL, BILLING]);
    await seed(await uploadOne(server, kbOfB, { name: "b.md", content: "# B\n" }), ["Installing the secret server of workspace B"]);
    const outsider = await createUser(server);
    await addMember(server, wsB, outsider.id, "member");
    outsiderToken = (await createToken(server, outsider)).secret;
  });
  afterAll(async () => {
    await server?.close();
    await model?.close();
  });

  it("ranks chunks with each retriever's rank and score, and the document's name, page and headings", async () => {
    const res = await retrieve(kbVectors, { query: "如何申请退款", topK: 2 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      knowledgeBaseId: kbVectors,
      query: "如何申请退款",
      retrievers: { fullText: true, embeddingModel: "fake-embed", rerankModel: null },
    });
    expect(res.body.hits).toHaveLength(2);
    const [first] = res.body.hits;
    expect(first).toMatchObject({
      rank: 1,
      score: 1,
      documentId: guideId,
      documentName: "manual.md",
      page: 2,
      headingPath: ["Manual", "Section 2"],
      chunk: { text: REFUND, enabled: true },
      sources: { fulltext: { rank: 1 }, vector: { rank: 1 } },
    });
    expect(res.body.hits[1].score).toBeLessThan(1);
    // An English question finds the English chunk first, by both retrievers.
    const english = await retrieve(kbVectors, { query: "how do I install the server?" });
    expect(english.body.hits[0]).toMatchObject({ chunk: { text: INSTALL }, sources: { fulltext: { rank: 1 }, vector: { rank: 1 } } });
  });

  it("searches by full text alone in a knowledge base without an embedding model", async () => {
    const res = await retrieve(kbText, { query: "monthly invoices" });
    expect(res.body.retrievers.embeddingModel).toBeNull();
    expect(res.body.hits).toEqual([
      expect.objectContaining({ score: 1, chunk: expect.objectContaining({ text: BILLING }), sources: { fulltext: { rank: 1, score: expect.any(Number) } } }),
    ]);
  });

  it("applies the score threshold, top-K and document filters", async () => {
    const all = await retrieve(kbVectors, { query: "server 退款 invoices", topK: 10 });
    expect(all.body.hits.length).toBe(3);
    const strict = await retrieve(kbVectors, { query: "server 退款 invoices", scoreThreshold: all.body.hits[1].score });
    expect(strict.body.hits.map((h: { chunk: { id: string } }) => h.chunk.id)).toEqual(
      all.body.hits.slice(0, 2).map((h: { chunk: { id: string } }) => h.chunk.id),
    );
    expect((await retrieve(kbVectors, { query: "server", topK: 1 })).body.hits).toHaveLength(1);
    const otherDocument = `file_${"0".repeat(32)}`;
    expect((await retrieve(kbVectors, { query: "server", documentIds: [otherDocument] })).body.hits).toEqual([]);
    expect((await retrieve(kbVectors, { query: "server", tags: ["missing"] })).body.hits).toEqual([]);
  });

  it("keeps workspaces apart: a member of another workspace gets 404, and filters never reach across", async () => {
    expectError(await retrieve(kbVectors, { query: "server" }, outsiderToken), 404, "NotFound");
    const own = await retrieve(kbOfB, { query: "install server", documentIds: [guideId] }, outsiderToken);
    expect(own.status).toBe(200);
    expect(own.body.hits).toEqual([]);
    const mine = await retrieve(kbOfB, { query: "install server" }, outsiderToken);
    expect(mine.body.hits.map((h: { chunk: { workspaceId: string } }) => h.chunk.workspaceId)).toEqual([wsB]);
  });

  it("refuses bad input with 400 and a failing embedding model with 500 RetrivalFailed", async () => {
    expectError(await retrieve(kbVectors, { query: "" }), 400, "InvalidParameter");
    expectError(await retrieve(kbVectors, { query: "   " }), 400, "InvalidParameter");
    expectError(await retrieve(kbVectors, { query: "x", topK: 0 }), 400, "InvalidParameter");
    expectError(await retrieve(kbVectors, { query: "x", scoreThreshold: 1.5 }), 400, "InvalidParameter");
    expectError(await retrieve(kbVectors, { query: "x", documentIds: ["nope"] }), 400, "InvalidParameter");
    model.failEmbeddings({ status: 503 });
    const failed = await retrieve(kbVectors, { query: "server" });
    expect(failed.status).toBe(500);
    expect(failed.body).toMatchObject({ code: "RetrivalFailed", message: "Failed to retrieve data from documents." });
    expect((await retrieve(kbVectors, { query: "server" })).status).toBe(200);
  });
});
