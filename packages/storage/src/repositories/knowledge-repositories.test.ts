import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MigratedRepositories, migratedRepositories } from "../testing/migrated-repositories.js";
import { testDialects } from "../testing/test-databases.js";
import { conflictOf, workspaceRow } from "./contract-fixtures.js";
import { chunkDrafts, documentRow, knowledgeBaseRow } from "./knowledge-fixtures.js";

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();

describe.each(testDialects())("storage contract: knowledge bases, documents, chunks (%s)", (dialect) => {
  let db: MigratedRepositories;
  let ws: string;
  let other: string;
  beforeAll(async () => {
    db = await migratedRepositories(dialect);
    for (const w of [workspaceRow(), workspaceRow()]) await db.repos.workspaces.create(w);
    const list = await db.repos.workspaces.list({ limit: 10, offset: 0 });
    [ws, other] = list.items.map((w) => w.id) as [string, string];
  });
  afterAll(() => db?.close());

  it("creates, finds, updates and deletes a knowledge base; another workspace never sees it", async () => {
    const kb = knowledgeBaseRow(ws, { embeddingModel: "text-embedding-v4" });
    await db.repos.knowledgeBases.create(kb);
    const found = await db.repos.knowledgeBases.find(ws, kb.id);
    expect(found).toEqual({ ...kb, documentCount: 0, chunkCount: 0, status: "empty" });
    expect(await db.repos.knowledgeBases.findByName(ws, kb.name)).toEqual(found);
    expect(await db.repos.knowledgeBases.workspaceOf(kb.id)).toBe(ws);
    expect(await db.repos.knowledgeBases.find(other, kb.id)).toBeUndefined();
    expect(await db.repos.knowledgeBases.findByName(other, kb.name)).toBeUndefined();

    // Another workspace's update and delete do nothing.
    await db.repos.knowledgeBases.update(other, kb.id, { name: "hijacked", updatedAt: at(9) });
    await db.repos.knowledgeBases.delete(other, kb.id);
    expect((await db.repos.knowledgeBases.find(ws, kb.id))?.name).toBe(kb.name);

    await db.repos.knowledgeBases.update(ws, kb.id, {
      name: `${kb.name}-2`,
      description: "d",
      chunking: { chunkTokens: 800, overlapTokens: 0 },
      embeddingModel: null,
      rerankModel: "rr",
      updatedAt: at(10),
    });
    expect(await db.repos.knowledgeBases.find(ws, kb.id)).toMatchObject({
      name: `${kb.name}-2`,
      description: "d",
      chunking: { chunkTokens: 800, overlapTokens: 0 },
      embeddingModel: null,
      rerankModel: "rr",
      updatedAt: at(10),
    });
    await db.repos.knowledgeBases.delete(ws, kb.id);
    expect(await db.repos.knowledgeBases.find(ws, kb.id)).toBeUndefined();
    expect(await db.repos.knowledgeBases.workspaceOf(kb.id)).toBeUndefined();
  });

  it("refuses a duplicate name in one workspace with Conflict, allows it in another", async () => {
    await db.repos.knowledgeBases.create(knowledgeBaseRow(ws, { name: "handbook" }));
    expect(await conflictOf(db.repos.knowledgeBases.create(knowledgeBaseRow(ws, { name: "handbook" })))).toBe("Conflict");
    await db.repos.knowledgeBases.create(knowledgeBaseRow(other, { name: "handbook" }));
    const second = knowledgeBaseRow(ws, { name: "handbook-2" });
    await db.repos.knowledgeBases.create(second);
    expect(await conflictOf(db.repos.knowledgeBases.update(ws, second.id, { name: "handbook", updatedAt: at(1) }))).toBe("Conflict");
  });

  it("lists with counts and status in one page, newest first, filtered by name, paged", async () => {
    const w = workspaceRow();
    await db.repos.workspaces.create(w);
    const kbs = [
      knowledgeBaseRow(w.id, { name: "50% policies", createdAt: at(1) }),
      knowledgeBaseRow(w.id, { name: "500 policies", createdAt: at(2) }),
      knowledgeBaseRow(w.id, { name: "Manuals", createdAt: at(3) }),
    ];
    for (const kb of kbs) await db.repos.knowledgeBases.create(kb);
    const [a, b] = kbs as [(typeof kbs)[0], (typeof kbs)[0]];
    const ready = documentRow(a, { status: "ready" });
    await db.repos.knowledgeDocuments.create(ready, new Uint8Array([1]));
    await db.repos.knowledgeChunks.replaceForDocument(ready, chunkDrafts(3), at(4));
    await db.repos.knowledgeDocuments.create(documentRow(a, { status: "failed" }), new Uint8Array([1]));
    await db.repos.knowledgeDocuments.create(documentRow(b, { status: "embedding" }), new Uint8Array([1]));

    const all = await db.repos.knowledgeBases.list({ workspaceId: w.id, limit: 10, offset: 0 });
    expect(all.total).toBe(3);
    expect(all.items.map((k) => [k.name, k.documentCount, k.chunkCount, k.status])).toEqual([
      ["Manuals", 0, 0, "empty"],
      ["500 policies", 1, 0, "indexing"],
      ["50% policies", 2, 3, "ready"],
    ]);
    expect((await db.repos.knowledgeBases.list({ workspaceId: w.id, name: "50%", limit: 10, offset: 0 })).items.map((k) => k.name)).toEqual(["50% policies"]);
    expect(await db.repos.knowledgeBases.list({ workspaceId: w.id, limit: 1, offset: 1 })).toMatchObject({ total: 3, items: [{ name: "500 policies" }] });
    expect(await db.repos.knowledgeBases.list({ workspaceId: w.id, limit: 5, offset: 10 })).toMatchObject({ total: 3, items: [] });
    expect((await db.repos.knowledgeBases.list({ workspaceId: other, limit: 50, offset: 0 })).items.map((k) => k.id)).not.toContain(a.id);
  });

  it("stores a document with its bytes and a queued job; reads bytes back only in its workspace", async () => {
    const kb = knowledgeBaseRow(ws);
    await db.repos.knowledgeBases.create(kb);
    const bytes = new Uint8Array([0, 1, 2, 250, 255, 0, 37, 80, 68, 70]);
    const doc = documentRow(kb, { tags: ["hr", "2026"], metadata: { year: 2026, lang: "en", public: true }, sizeBytes: bytes.length });
    await db.repos.knowledgeDocuments.create(doc, bytes);
    expect(await db.repos.knowledgeDocuments.find(ws, doc.id)).toEqual(doc);
    expect(await db.repos.knowledgeDocuments.find(other, doc.id)).toBeUndefined();
    expect(await db.repos.knowledgeDocuments.workspaceOf(doc.id)).toBe(ws);
    const content = await db.repos.knowledgeDocuments.readContent(ws, doc.id);
    expect(content).toBeInstanceOf(Uint8Array);
    expect([...(content ?? [])]).toEqual([...bytes]);
    expect(await db.repos.knowledgeDocuments.readContent(other, doc.id)).toBeUndefined();
    const job = await db.handle.db.selectFrom("knowledge_jobs").selectAll().where("document_id", "=", doc.id).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ workspace_id: ws, state: "queued", lease_owner: null });

    await db.repos.knowledgeDocuments.update(other, doc.id, { tags: ["x"], updatedAt: at(1) });
    await db.repos.knowledgeDocuments.update(ws, doc.id, { metadata: { year: 2027 }, updatedAt: at(2) });
    expect(await db.repos.knowledgeDocuments.find(ws, doc.id)).toMatchObject({ tags: ["hr", "2026"], metadata: { year: 2027 }, updatedAt: at(2) });
    await db.repos.knowledgeDocuments.setStatus(doc.id, "failed", { error: "bad PDF", pageCount: 3, updatedAt: at(3) });
    expect(await db.repos.knowledgeDocuments.find(ws, doc.id)).toMatchObject({ status: "failed", error: "bad PDF", pageCount: 3 });
  });

  it("lists documents by status, tag (exactly) and name, newest first, paged", async () => {
    const kb = knowledgeBaseRow(ws);
    await db.repos.knowledgeBases.create(kb);
    const docs = [
      documentRow(kb, { name: "a.pdf", tags: ["hr", "policy"], status: "ready", createdAt: at(1) }),
      documentRow(kb, { name: "b.md", tags: ["hr-archive", 'quote"d'], createdAt: at(2) }),
      documentRow(kb, { name: "c_d.txt", tags: [], status: "failed", createdAt: at(3) }),
    ];
    for (const d of docs) await db.repos.knowledgeDocuments.create(d, new Uint8Array([1]));
    const names = async (q: object) =>
      (await db.repos.knowledgeDocuments.list({ workspaceId: ws, knowledgeBaseId: kb.id, limit: 10, offset: 0, ...q })).items.map((d) => d.name);
    expect(await names({})).toEqual(["c_d.txt", "b.md", "a.pdf"]);
    expect(await names({ tag: "hr" })).toEqual(["a.pdf"]);
    expect(await names({ tag: 'quote"d' })).toEqual(["b.md"]);
    expect(await names({ tag: "h" })).toEqual([]);
    expect(await names({ status: "failed" })).toEqual(["c_d.txt"]);
    expect(await names({ name: "_" })).toEqual(["c_d.txt"]);
    expect(await names({ name: "B.M" })).toEqual(["b.md"]);
    expect(await names({ workspaceId: other })).toEqual([]);
    expect(await db.repos.knowledgeDocuments.list({ workspaceId: ws, knowledgeBaseId: kb.id, limit: 1, offset: 2 })).toMatchObject({
      total: 3,
      items: [{ name: "a.pdf" }],
    });
    expect(await db.repos.knowledgeDocuments.list({ workspaceId: ws, knowledgeBaseId: kb.id, limit: 1, offset: 5 })).toMatchObject({ total: 3, items: [] });
  });

  it("replaces chunks idempotently, keeps the document's count equal to its rows, edits and deletes one", async () => {
    const kb = knowledgeBaseRow(ws);
    await db.repos.knowledgeBases.create(kb);
    const doc = documentRow(kb);
    await db.repos.knowledgeDocuments.create(doc, new Uint8Array([1]));
    await db.repos.knowledgeChunks.replaceForDocument(doc, chunkDrafts(4), at(1));
    // A retried job writes the same positions again: never duplicates.
    const stored = await db.repos.knowledgeChunks.replaceForDocument(doc, chunkDrafts(3), at(2));
    expect(stored.map((c) => c.seq)).toEqual([0, 1, 2]);
    const listed = await db.repos.knowledgeChunks.list({ workspaceId: ws, documentId: doc.id, limit: 2, offset: 1 });
    expect(listed.total).toBe(3);
    expect(listed.items).toEqual(stored.slice(1, 3));
    expect(listed.items[0]).toMatchObject({ headingPath: ["Guide", "Part 1"], page: 2, enabled: true, edited: false, knowledgeBaseId: kb.id, workspaceId: ws });
    expect((await db.repos.knowledgeDocuments.find(ws, doc.id))?.chunkCount).toBe(3);
    expect((await db.repos.knowledgeChunks.list({ workspaceId: other, documentId: doc.id, limit: 10, offset: 0 })).items).toEqual([]);

    const [first, second] = stored as [(typeof stored)[0], (typeof stored)[0]];
    expect(await db.repos.knowledgeChunks.find(other, first.id)).toBeUndefined();
    expect(await db.repos.knowledgeChunks.workspaceOf(first.id)).toBe(ws);
    await db.repos.knowledgeChunks.update(other, first.id, { enabled: false, updatedAt: at(3) });
    await db.repos.knowledgeChunks.update(ws, first.id, { text: "edited text", tokenCount: 2, updatedAt: at(4) });
    await db.repos.knowledgeChunks.update(ws, second.id, { enabled: false, updatedAt: at(4) });
    expect(await db.repos.knowledgeChunks.find(ws, first.id)).toMatchObject({
      text: "edited text",
      tokenCount: 2,
      edited: true,
      enabled: true,
      updatedAt: at(4),
    });
    expect(await db.repos.knowledgeChunks.find(ws, second.id)).toMatchObject({ enabled: false, edited: false });

    await db.repos.knowledgeChunks.delete(other, first.id);
    expect(await db.repos.knowledgeChunks.find(ws, first.id)).toBeDefined();
    await db.repos.knowledgeChunks.delete(ws, first.id);
    expect(await db.repos.knowledgeChunks.find(ws, first.id)).toBeUndefined();
    expect((await db.repos.knowledgeDocuments.find(ws, doc.id))?.chunkCount).toBe(2);
    expect((await db.repos.knowledgeBases.find(ws, kb.id))?.chunkCount).toBe(2);
  });

  it("stores many chunks in batches and nothing for a document deleted meanwhile", async () => {
    const kb = knowledgeBaseRow(ws);
    await db.repos.knowledgeBases.create(kb);
    const doc = documentRow(kb);
    await db.repos.knowledgeDocuments.create(doc, new Uint8Array([1]));
    expect(await db.repos.knowledgeChunks.replaceForDocument(doc, chunkDrafts(1203), at(1))).toHaveLength(1203);
    expect((await db.repos.knowledgeChunks.list({ workspaceId: ws, documentId: doc.id, limit: 1, offset: 1202 })).items[0]?.seq).toBe(1202);
    const gone = documentRow(kb);
    expect(await db.repos.knowledgeChunks.replaceForDocument(gone, chunkDrafts(2), at(1))).toEqual([]);
  });

  it("deletes a document with its file, chunks and job; a knowledge base with all of its documents", async () => {
    const kb = knowledgeBaseRow(ws);
    await db.repos.knowledgeBases.create(kb);
    const [d1, d2] = [documentRow(kb), documentRow(kb)];
    for (const d of [d1, d2]) {
      await db.repos.knowledgeDocuments.create(d, new Uint8Array([1, 2]));
      await db.repos.knowledgeChunks.replaceForDocument(d, chunkDrafts(2), at(1));
    }
    const rowsOf = async (documentId: string) =>
      Promise.all(
        (["knowledge_chunks", "knowledge_jobs", "knowledge_document_files"] as const).map(async (table) =>
          Number(
            (
              await db.handle.db
                .selectFrom(table)
                .select((eb) => eb.fn.countAll().as("n"))
                .where("document_id", "=", documentId)
                .executeTakeFirstOrThrow()
            ).n,
          ),
        ),
      );
    await db.repos.knowledgeDocuments.delete(other, d1.id);
    expect(await rowsOf(d1.id)).toEqual([2, 1, 1]);
    await db.repos.knowledgeDocuments.delete(ws, d1.id);
    expect(await db.repos.knowledgeDocuments.find(ws, d1.id)).toBeUndefined();
    expect(await rowsOf(d1.id)).toEqual([0, 0, 0]);
    expect(await db.repos.knowledgeBases.find(ws, kb.id)).toMatchObject({ documentCount: 1, chunkCount: 2 });

    await db.repos.knowledgeBases.delete(ws, kb.id);
    expect(await db.repos.knowledgeDocuments.find(ws, d2.id)).toBeUndefined();
    expect(await rowsOf(d2.id)).toEqual([0, 0, 0]);
  });
});
