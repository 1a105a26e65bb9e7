import { makeDocx, makeDocxZipBomb, makePasswordProtectedPdf, makePdf, makeTextlessPdf } from "@appstudio/adapters/testing/sample-documents";
import { type FakeModelServer, startFakeModelServer } from "@appstudio/core/testing";
import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing/index.js";
import { createWorkspace } from "./support/accounts.js";
import { listAllChunks, longMarkdown, type ManageClient, manageClient, waitForIngestion } from "./support/ingestion.js";

/**
 * The whole path for real: upload over HTTP → the server's background ingestion (the real
 * parsers in worker threads, the real chunker, embeddings from the fake model server's
 * `/embeddings` through the model registry) → ready documents whose chunks and vectors are
 * searchable; bad files fail one by one with the parser's reason.
 */
describe.each(testDialects())("knowledge ingestion end to end (%s)", (dialect) => {
  let model: FakeModelServer;
  let server: TestServer;
  let client: ManageClient;
  let workspaceId: string;

  beforeAll(async () => {
    model = await startFakeModelServer();
    server = await startTestServer({
      dialect,
      env: { APPSTUDIO_PROVIDERS: JSON.stringify([{ name: "fake", baseUrl: model.url, models: ["*"] }]), APPSTUDIO_KNOWLEDGE_CONCURRENCY: "2" },
    });
    client = manageClient(server.url, server.adminToken);
    workspaceId = await createWorkspace(server);
  });
  afterAll(async () => {
    await server?.close();
    await model?.close();
  });

  const createKnowledgeBase = async (name: string, embeddingModel: string | null) => {
    const res = await client.call("POST", "/knowledge-bases", { workspaceId, name, embeddingModel, chunking: { chunkTokens: 60, overlapTokens: 10 } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };

  it("turns uploaded PDF, DOCX and Markdown files into ready, embedded, searchable chunks", async () => {
    const kb = await createKnowledgeBase("handbook", "fake-embedding");
    const pdf = await makePdf([
      ["# Travel policy", "Employees book trains for trips under four hours."],
      ["# Expenses", "The quokka allowance is forty-two euros per night in Lisbon."],
      ["# Contacts", "Ask the office manager about anything else."],
    ]);
    const docx = await makeDocx([{ heading: "Onboarding" }, "New starters receive a teal bicycle on their first Monday."]);
    const uploaded = await client.upload(kb, [
      { name: "policy.pdf", content: pdf },
      { name: "onboarding.docx", content: docx },
      { name: "guide.md", content: longMarkdown("Guide", 12) },
    ]);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    expect(uploaded.body.items.map((d: { status: string }) => d.status)).toEqual(["queued", "queued", "queued"]);

    const documents = await waitForIngestion(client, kb);
    for (const document of documents.values()) expect(document, JSON.stringify(document)).toMatchObject({ status: "ready", error: null });
    expect(documents.get("policy.pdf")?.pageCount).toBe(3);
    expect(documents.get("guide.md")?.chunkCount).toBeGreaterThan(3);

    const pdfChunks = await listAllChunks(client, documents.get("policy.pdf")!.id);
    expect(pdfChunks.find((c) => c.text.includes("quokka allowance"))).toMatchObject({ page: 2, headingPath: ["Expenses"] });
    const guideChunks = await listAllChunks(client, documents.get("guide.md")!.id);
    expect(guideChunks.map((c) => c.seq)).toEqual(guideChunks.map((_, i) => i));
    expect(guideChunks.length).toBe(documents.get("guide.md")?.chunkCount);

    // Every chunk was embedded exactly once, in requests of at most 10 texts.
    const embedded = model.requests.filter((r) => r.path === "/v1/embeddings").map((r) => (r.body.input as string[]).length);
    const totalChunks = [...documents.values()].reduce((n, d) => n + d.chunkCount, 0);
    expect(embedded.reduce((a, b) => a + b, 0)).toBe(totalChunks);
    expect(Math.max(...embedded)).toBeLessThanOrEqual(10);

    // The vectors were stored: hit testing finds the fact through the vector retriever too.
    const hits = await client.call("POST", `/knowledge-bases/${kb}/retrieve`, {
      query: "The quokka allowance is forty-two euros per night in Lisbon.",
      topK: 3,
    });
    expect(hits.status, JSON.stringify(hits.body)).toBe(200);
    expect(hits.body.hits[0]).toMatchObject({ documentName: "policy.pdf", page: 2, sources: { vector: { rank: 1 } } });

    // An edited chunk is embedded anew: the vector retriever finds it by its new text.
    const edited = pdfChunks.find((c) => c.text.includes("quokka allowance"))!;
    const newText = "Night porters hand out saffron umbrellas at the Porto depot.";
    const patched = await client.call("PATCH", `/knowledge-chunks/${edited.id}`, { text: newText });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const afterEdit = await client.call("POST", `/knowledge-bases/${kb}/retrieve`, { query: newText, topK: 3 });
    expect(afterEdit.body.hits[0]).toMatchObject({ chunk: { id: edited.id }, sources: { vector: { rank: 1 } } });
  });

  it("fails each bad file with the parser's reason while the others in the same upload become ready", async () => {
    const kb = await createKnowledgeBase("mixed", null);
    const uploaded = await client.upload(kb, [
      { name: "broken.pdf", content: "%PDF-1.4\nthis is not really a PDF\n" },
      { name: "locked.pdf", content: makePasswordProtectedPdf() },
      { name: "scan.pdf", content: await makeTextlessPdf(2) },
      { name: "bomb.docx", content: await makeDocxZipBomb() },
      { name: "fine.md", content: "# Fine\n\nThis one is fine." },
    ]);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    const documents = await waitForIngestion(client, kb);
    expect(documents.get("fine.md")).toMatchObject({ status: "ready", chunkCount: 1 });
    expect(documents.get("broken.pdf")).toMatchObject({ status: "failed", error: "The file is not a valid PDF" });
    expect(documents.get("locked.pdf")).toMatchObject({ status: "failed", error: "The PDF is password-protected" });
    expect(documents.get("scan.pdf")).toMatchObject({ status: "failed", error: expect.stringMatching(/no text layer/) });
    expect(documents.get("bomb.docx")).toMatchObject({ status: "failed", error: expect.stringMatching(/zip bomb/) });
    // No document ever failed with an internal error, and the server still answers.
    for (const d of documents.values()) expect(d.error ?? "").not.toMatch(/internal error/);
    expect((await client.call("GET", `/knowledge-bases/${kb}`)).status).toBe(200);
  });

  it("fails a document whose embedding model cannot be reached, naming the model, and re-indexes it once it can", async () => {
    const kb = await createKnowledgeBase("unreachable-model", "fake-embedding");
    model.failEmbeddings({ status: 500, message: "embedding backend down" });
    await client.upload(kb, [{ name: "note.md", content: "# Note\n\nRemember the milk." }]);
    const failed = (await waitForIngestion(client, kb)).get("note.md")!;
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/^Embedding with 'fake-embedding' failed: /);

    expect((await client.call("POST", `/knowledge-documents/${failed.id}/reindex`)).status).toBe(200);
    expect((await waitForIngestion(client, kb)).get("note.md")).toMatchObject({ status: "ready", error: null, chunkCount: 1 });
  });
});
