import { type KnowledgeDocument, type SearchScope, searchText } from "@appstudio/core";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MigratedRepositories, migratedRepositories } from "../testing/migrated-repositories.js";
import { testDialects } from "../testing/test-databases.js";
import { workspaceRow } from "./contract-fixtures.js";
import { ExactVectorIndex } from "./exact-vector-index.js";
import { documentRow, knowledgeBaseRow } from "./knowledge-fixtures.js";
import { KyselyKnowledgeSearchRepository } from "./knowledge-search-repository.js";
import { PostgresTermStats } from "./postgres-term-stats.js";

const at = new Date(Date.UTC(2026, 0, 1)).toISOString();

const ENGLISH = [
  "Installing the server on Linux: download the archive, unpack it and run the start script.",
  "Billing happens monthly. Invoices are sent by email on the first day of the month.",
  "The cat sat on the mat while the dog slept in the garden.",
];
const CHINESE = [
  "退款申请流程：登录账户后进入订单页面，点击申请退款并填写原因，审核通过后三个工作日内到账。",
  "会员等级分为白银、黄金和钻石三档，等级越高折扣越大。",
  "本店销售的中药材均来自正规产地，药品说明书随货附送。",
];

/** Unit vectors on three axes: a query near one axis finds that chunk first. */
const axis = (i: number, dims = 8) => Array.from({ length: dims }, (_, j) => (j === i ? 1 : 0.05));

describe.each(testDialects())("knowledge search repository (%s)", (dialect) => {
  let db: MigratedRepositories;
  let wsA: string;
  let wsB: string;
  let kbA: string;
  let kbB: string;
  let english: KnowledgeDocument;
  let chinese: KnowledgeDocument;
  let other: KnowledgeDocument;
  let scopeA: SearchScope;

  const texts = async (query: string, scope: SearchScope = scopeA) => (await db.repos.knowledgeSearch.fullText(query, scope, 10)).map((h) => h.chunk.text);

  beforeAll(async () => {
    db = await migratedRepositories(dialect);
    const [a, b] = [workspaceRow(), workspaceRow()];
    await db.repos.workspaces.create(a);
    await db.repos.workspaces.create(b);
    [wsA, wsB] = [a.id, b.id];
    const baseA = knowledgeBaseRow(wsA, { embeddingModel: "fake-embed" });
    const baseB = knowledgeBaseRow(wsB, { embeddingModel: "fake-embed" });
    await db.repos.knowledgeBases.create(baseA);
    await db.repos.knowledgeBases.create(baseB);
    [kbA, kbB] = [baseA.id, baseB.id];
    english = documentRow(baseA, { name: "guide.md", tags: ["ops", "public"], metadata: { version: 2, lang: "en", draft: false } });
    chinese = documentRow(baseA, { name: "售后.md", tags: ["public"], metadata: { version: "2", lang: "zh", draft: true } });
    other = documentRow(baseB, { name: "secret.md" });
    for (const [doc, lines] of [
      [english, ENGLISH],
      [chinese, CHINESE],
      [other, ["Installing the secret server of workspace B. 退款申请 secret."]],
    ] as const) {
      await db.repos.knowledgeDocuments.create(doc, new Uint8Array([1]));
      const drafts = lines.map((text, seq) => ({ seq, text, headingPath: ["Doc", `Part ${seq}`], page: seq + 1, tokenCount: 10 }));
      const chunks = await db.repos.knowledgeChunks.replaceForDocument(doc, drafts, at);
      await db.repos.knowledgeSearch.storeEmbeddings(
        doc,
        "fake-embed",
        chunks.map((c) => ({ chunkId: c.id, vector: axis(c.seq + (doc === chinese ? 3 : 0)) })),
      );
    }
    scopeA = { workspaceId: wsA, knowledgeBaseIds: [kbA] };
  });
  afterAll(() => db?.close());

  it("finds English text by stemmed words, best match first, with document name, page and heading path", async () => {
    const hits = await db.repos.knowledgeSearch.fullText("how do I install the server?", scopeA, 10);
    expect(hits[0]).toMatchObject({ documentName: "guide.md", chunk: { text: ENGLISH[0], page: 1, headingPath: ["Doc", "Part 0"], documentId: english.id } });
    expect(hits[0]?.score).toBeGreaterThan(0);
    expect(await texts("invoices email")).toEqual([ENGLISH[1]]);
    expect(await texts("the of and")).toEqual([]);
    expect(await texts("")).toEqual([]);
  });

  it("finds Chinese text phrased differently from the question, and one- and two-character queries", async () => {
    expect((await texts("如何申请退款？"))[0]).toBe(CHINESE[0]);
    expect((await texts("钻石会员有什么折扣"))[0]).toBe(CHINESE[1]);
    expect(await texts("退款")).toEqual([CHINESE[0]]);
    expect(await texts("药")).toEqual([CHINESE[2]]);
    // Mixed scripts in one query.
    expect(await texts("Linux 退款")).toHaveLength(2);
  });

  it("narrows by document IDs, tags and typed metadata", async () => {
    expect(await texts("退款 server", { ...scopeA, documentIds: [english.id] })).toEqual([ENGLISH[0]]);
    expect(await texts("退款 server", { ...scopeA, documentIds: [] })).toEqual([]);
    expect(await texts("退款 server", { ...scopeA, tags: ["ops"] })).toEqual([ENGLISH[0]]);
    expect(await texts("退款 server", { ...scopeA, tags: ["public", "ops"] })).toEqual([ENGLISH[0]]);
    expect(await texts("退款 server", { ...scopeA, tags: ["nope"] })).toEqual([]);
    expect(await texts("退款 server", { ...scopeA, metadata: { version: 2 } })).toEqual([ENGLISH[0]]);
    expect(await texts("退款 server", { ...scopeA, metadata: { version: "2" } })).toEqual([CHINESE[0]]);
    expect(await texts("退款 server", { ...scopeA, metadata: { draft: true, lang: "zh" } })).toEqual([CHINESE[0]]);
    expect(await texts("退款 server", { ...scopeA, metadata: { draft: "true" } })).toEqual([]);
  });

  it("never returns a chunk of another workspace, even when its knowledge base ID is in the filter", async () => {
    const intruder = { workspaceId: wsB, knowledgeBaseIds: [kbA, kbB] };
    const found = await texts("install server 退款", intruder);
    expect(found).toEqual(["Installing the secret server of workspace B. 退款申请 secret."]);
    expect(await texts("billing invoices", { workspaceId: wsB, knowledgeBaseIds: [kbA] })).toEqual([]);
    const near = await db.repos.knowledgeSearch.vector(axis(0), { workspaceId: wsB, knowledgeBaseIds: [kbA], model: "fake-embed" }, 10);
    expect(near).toEqual([]);
    // Storing vectors for another workspace's chunks through a document of this one does nothing.
    const [chunkOfA] = await db.repos.knowledgeSearch.fullText("billing", scopeA, 1);
    await db.repos.knowledgeSearch.storeEmbeddings(other, "fake-embed", [{ chunkId: must(chunkOfA).chunk.id, vector: axis(7) }]);
    const moved = await db.repos.knowledgeSearch.vector(axis(7), { workspaceId: wsB, knowledgeBaseIds: [kbA, kbB], model: "fake-embed" }, 10);
    expect(moved.map((h) => h.chunk.workspaceId)).toEqual([wsB]);
  });

  it("ranks by cosine similarity within the model, and drops disabled chunks from both searches", async () => {
    const scope = { ...scopeA, model: "fake-embed" };
    const near = await db.repos.knowledgeSearch.vector(axis(3), scope, 3);
    expect(near.map((h) => h.chunk.text)).toEqual([CHINESE[0], expect.any(String), expect.any(String)]);
    expect(near[0]?.score).toBeCloseTo(1, 5);
    expect(near[1]?.score).toBeLessThan(must(near[0]).score);
    expect(await db.repos.knowledgeSearch.vector(axis(3), { ...scope, model: "other-model" }, 3)).toEqual([]);
    expect((await db.repos.knowledgeSearch.vector(axis(3), { ...scope, tags: ["ops"] }, 1))[0]?.chunk.text).toBe(ENGLISH[0]);

    const target = must(near[0]).chunk;
    await db.repos.knowledgeChunks.update(wsA, target.id, { enabled: false, updatedAt: at });
    expect(await texts("退款")).toEqual([]);
    expect((await db.repos.knowledgeSearch.vector(axis(3), scope, 1))[0]?.chunk.id).not.toBe(target.id);
    await db.repos.knowledgeChunks.update(wsA, target.id, { enabled: true, updatedAt: at });
    expect(await texts("退款")).toEqual([CHINESE[0]]);
    expect((await db.repos.knowledgeSearch.vector(axis(3), scope, 1))[0]?.chunk.id).toBe(target.id);
  });

  it("follows edits and deletes: new text is searchable, its stale vector is gone, deleted chunks vanish", async () => {
    const doc = documentRow({ id: kbA, workspaceId: wsA }, { name: "edit.md" });
    await db.repos.knowledgeDocuments.create(doc, new Uint8Array([1]));
    const [chunk] = await db.repos.knowledgeChunks.replaceForDocument(
      doc,
      [{ seq: 0, text: "zebra crossing", headingPath: [], page: null, tokenCount: 2 }],
      at,
    );
    await db.repos.knowledgeSearch.storeEmbeddings(doc, "fake-embed", [{ chunkId: must(chunk).id, vector: axis(6) }]);
    const scope = { ...scopeA, model: "fake-embed" };
    expect((await db.repos.knowledgeSearch.vector(axis(6), scope, 1))[0]?.chunk.id).toBe(must(chunk).id);

    await db.repos.knowledgeChunks.update(wsA, must(chunk).id, { text: "giraffe 长颈鹿", updatedAt: at });
    expect(await texts("zebra")).toEqual([]);
    expect(await texts("长颈鹿")).toEqual(["giraffe 长颈鹿"]);
    expect((await db.repos.knowledgeSearch.vector(axis(6), scope, 1))[0]?.chunk.id).not.toBe(must(chunk).id);

    await db.repos.knowledgeSearch.storeEmbeddings(doc, "fake-embed", [{ chunkId: must(chunk).id, vector: axis(6) }]);
    expect((await db.repos.knowledgeSearch.vector(axis(6), scope, 1))[0]?.chunk.id).toBe(must(chunk).id);
    // Re-stored with another length (a new model version): found by the new length only.
    await db.repos.knowledgeSearch.storeEmbeddings(doc, "fake-embed", [{ chunkId: must(chunk).id, vector: axis(1, 4) }]);
    expect((await db.repos.knowledgeSearch.vector(axis(1, 4), scope, 5)).map((h) => h.chunk.id)).toEqual([must(chunk).id]);
    expect((await db.repos.knowledgeSearch.vector(axis(6), scope, 10)).map((h) => h.chunk.id)).not.toContain(must(chunk).id);
    await db.repos.knowledgeSearch.storeEmbeddings(doc, "fake-embed", [{ chunkId: must(chunk).id, vector: axis(6) }]);
    await db.repos.knowledgeDocuments.delete(wsA, doc.id);
    expect(await texts("giraffe")).toEqual([]);
    expect((await db.repos.knowledgeSearch.vector(axis(6), scope, 1))[0]?.chunk.id).not.toBe(must(chunk).id);
  });

  it("exact in-process search agrees with the database's and catches up with later writes", async () => {
    const exact = new ExactVectorIndex(db.handle.db, dialect);
    const scope = { ...scopeA, model: "fake-embed" };
    for (const i of [0, 1, 3, 5]) {
      const inDatabase = await db.repos.knowledgeSearch.vector(axis(i), scope, 4);
      const inProcess = await exact.search(Float32Array.from(normalise(axis(i))), scope, 4);
      // Equal scores may come in either order; the best and the scores must agree.
      expect(inProcess[0]?.chunkId).toBe(inDatabase[0]?.chunk.id);
      expect(inProcess).toHaveLength(inDatabase.length);
      for (const [k, h] of inProcess.entries()) expect(h.score).toBeCloseTo(inDatabase[k]?.score ?? Number.NaN, 4);
    }
    const doc = documentRow({ id: kbA, workspaceId: wsA }, { name: "late.md" });
    await db.repos.knowledgeDocuments.create(doc, new Uint8Array([1]));
    const [late] = await db.repos.knowledgeChunks.replaceForDocument(doc, [{ seq: 0, text: "late", headingPath: [], page: null, tokenCount: 1 }], at);
    await db.repos.knowledgeSearch.storeEmbeddings(doc, "fake-embed", [{ chunkId: must(late).id, vector: axis(7) }]);
    expect((await exact.search(Float32Array.from(normalise(axis(7))), scope, 1))[0]?.chunkId).toBe(must(late).id);
    await db.repos.knowledgeChunks.update(wsA, must(late).id, { enabled: false, updatedAt: at });
    expect((await exact.search(Float32Array.from(normalise(axis(7))), scope, 1))[0]?.chunkId).not.toBe(must(late).id);
    expect(await exact.search(Float32Array.from(normalise(axis(7))), { ...scope, workspaceId: wsB }, 5)).toEqual([]);
  });

  it("leaves out terms found in most chunks of a large index, counting them in the index itself", async () => {
    // Treat the index as large, and make two words common to most of its chunks.
    const pruning = new KyselyKnowledgeSearchRepository(db.handle.db, dialect, { pruneFromChunks: 1 });
    const doc = documentRow({ id: kbA, workspaceId: wsA }, { name: "common.md" });
    await db.repos.knowledgeDocuments.create(doc, new Uint8Array([1]));
    const filler = Array.from({ length: 30 }, (_, seq) => ({ seq, text: `northwind gateway note ${seq}`, headingPath: [], page: null, tokenCount: 3 }));
    filler.push({ seq: 30, text: "northwind gateway quokka habitat", headingPath: [], page: null, tokenCount: 4 });
    await db.repos.knowledgeChunks.replaceForDocument(doc, filler, at);
    const hits = await pruning.fullText("northwind gateway quokka", scopeA, 5);
    expect(hits.map((h) => h.chunk.text)).toEqual(["northwind gateway quokka habitat"]);
    // Only common terms: still answered, from the least common of them.
    expect((await pruning.fullText("northwind gateway", scopeA, 50)).length).toBeGreaterThan(0);

    // With statistics (autovacuum's ANALYZE), PostgreSQL estimates instead of counting.
    await sql`analyze knowledge_chunk_search`.execute(db.handle.db);
    if (dialect === "postgres") {
      const stats = new PostgresTermStats(db.handle.db);
      expect(await stats.estimate({ text: "northwind", prefix: false }, 100)).toBeGreaterThan(50);
      expect(await stats.estimate({ text: "quokka", prefix: false }, 100)).toBeLessThan(10);
    }
    const analysed = new KyselyKnowledgeSearchRepository(db.handle.db, dialect, { pruneFromChunks: 1 });
    expect((await analysed.fullText("northwind gateway quokka", scopeA, 5)).map((h) => h.chunk.text)).toEqual(["northwind gateway quokka habitat"]);
    await db.repos.knowledgeDocuments.delete(wsA, doc.id);
  });

  // PostgreSQL has its own SQL copy of the rule; SQLite calls core's function.
  it("indexes text in the database exactly as core's searchText does", async () => {
    const sample = "如何申请退款？The installing guide 技术, 药 ok ひらがなカタカナ 한국어 ﬁ";
    const { rows } = await sql<{ t: string }>`select appstudio_search_text(${sample}) as t`.execute(db.handle.db);
    const words = (s: string) => s.split(/\s+/).filter(Boolean);
    expect(words(must(rows[0]).t)).toEqual(words(searchText(sample)));
  });
});

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error("expected a value");
  return value;
}

function normalise(v: number[]): number[] {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}
