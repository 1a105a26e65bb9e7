import { describe, expect, it } from "vitest";
import { AppError } from "../errors.js";
import { createHybridRetriever, type HybridRetrieverDeps } from "./hybrid-retriever.js";
import type { SearchHit, SearchScope } from "./knowledge-ports.js";
import type { KnowledgeBase, KnowledgeChunk, RetrievalQuery } from "./knowledge-types.js";

const base = (id: string, over: Partial<KnowledgeBase> = {}): KnowledgeBase => ({
  id,
  workspaceId: "ws-a",
  name: id,
  description: "",
  chunking: { chunkTokens: 500, overlapTokens: 50 },
  embeddingModel: null,
  rerankModel: null,
  documentCount: 1,
  chunkCount: 1,
  status: "ready",
  createdBy: "u",
  createdAt: "",
  updatedAt: "",
  ...over,
});

const hit = (id: string, knowledgeBaseId: string, score = 1): SearchHit => ({
  chunk: {
    id,
    knowledgeBaseId,
    workspaceId: "ws-a",
    documentId: "file_d",
    seq: 0,
    text: `text of ${id}`,
    headingPath: [],
    page: null,
    tokenCount: 1,
    enabled: true,
    edited: false,
    createdAt: "",
    updatedAt: "",
  } as KnowledgeChunk,
  documentName: "doc",
  score,
});

/** A small world: knowledge bases by ID, canned full-text and per-model vector lists, and a record of the calls. */
function world(options: {
  bases: KnowledgeBase[];
  fullText: SearchHit[];
  vectors?: Record<string, SearchHit[]>;
  rerank?: (docs: string[]) => number[] | undefined;
}) {
  const calls = {
    embed: [] as { model: string; inputs: string[] }[],
    vector: [] as (SearchScope & { model: string })[],
    fullText: [] as SearchScope[],
    rerank: 0,
  };
  const warnings: string[] = [];
  const deps: HybridRetrieverDeps = {
    bases: { find: async (ws, id) => options.bases.find((kb) => kb.id === id && kb.workspaceId === ws) },
    search: {
      fullText: async (_q, scope) => {
        calls.fullText.push(scope);
        return options.fullText.filter((h) => scope.knowledgeBaseIds.includes(h.chunk.knowledgeBaseId));
      },
      vector: async (_e, scope) => {
        calls.vector.push(scope);
        return (options.vectors?.[scope.model] ?? []).filter((h) => scope.knowledgeBaseIds.includes(h.chunk.knowledgeBaseId));
      },
    },
    embedder: {
      embed: async (model, inputs) => {
        calls.embed.push({ model, inputs });
        return inputs.map(() => [1, 0]);
      },
    },
    ...(options.rerank
      ? {
          reranker: {
            rerank: async (_model: string, _query: string, documents: string[]) => {
              calls.rerank++;
              return options.rerank?.(documents);
            },
          },
        }
      : {}),
    onWarning: (message) => warnings.push(message),
  };
  return { retriever: createHybridRetriever(deps), calls, warnings };
}

const query = (over: Partial<RetrievalQuery> = {}): RetrievalQuery => ({
  workspaceId: "ws-a",
  knowledgeBaseIds: ["kb1"],
  query: "refund policy",
  topK: 5,
  ...over,
});

describe("hybrid retriever", () => {
  it("searches by full text alone when no knowledge base has an embedding model", async () => {
    const { retriever, calls } = world({ bases: [base("kb1")], fullText: [hit("a", "kb1"), hit("b", "kb1")] });
    const hits = await retriever.retrieve(query());
    expect(hits.map((h) => h.chunk.id)).toEqual(["a", "b"]);
    expect(hits[0]?.score).toBe(1);
    expect(hits[1]?.score).toBeCloseTo(61 / 62, 12);
    expect(hits[0]?.sources).toEqual({ fulltext: { rank: 1, score: 1 } });
    expect(calls.embed).toEqual([]);
    expect(calls.vector).toEqual([]);
  });

  it("fuses full text with vectors, embedding the query once per model over that model's knowledge bases", async () => {
    const { retriever, calls } = world({
      bases: [base("kb1", { embeddingModel: "m1" }), base("kb2", { embeddingModel: "m1" }), base("kb3", { embeddingModel: "m2" })],
      fullText: [hit("a", "kb1"), hit("c", "kb3")],
      vectors: { m1: [hit("b", "kb2"), hit("a", "kb1")], m2: [hit("c", "kb3")] },
    });
    const hits = await retriever.retrieve(query({ knowledgeBaseIds: ["kb1", "kb2", "kb3", "kb1"], tags: ["t"] }));
    expect(calls.embed).toEqual([
      { model: "m1", inputs: ["refund policy"] },
      { model: "m2", inputs: ["refund policy"] },
    ]);
    expect(calls.vector.map((s) => [s.model, s.knowledgeBaseIds, s.tags])).toEqual([
      ["m1", ["kb1", "kb2"], ["t"]],
      ["m2", ["kb3"], ["t"]],
    ]);
    expect(calls.fullText[0]).toMatchObject({ workspaceId: "ws-a", knowledgeBaseIds: ["kb1", "kb2", "kb3"], tags: ["t"] });
    expect(hits.map((h) => h.chunk.id)).toEqual(["a", "c", "b"]);
    expect(hits[0]?.sources).toEqual({ fulltext: { rank: 1, score: 1 }, vector: { rank: 2, score: 1 } });
  });

  it("drops hits below the score threshold and returns at most topK", async () => {
    const { retriever } = world({ bases: [base("kb1")], fullText: ["a", "b", "c", "d"].map((id) => hit(id, "kb1")) });
    expect((await retriever.retrieve(query({ topK: 2 }))).map((h) => h.chunk.id)).toEqual(["a", "b"]);
    const kept = await retriever.retrieve(query({ scoreThreshold: 0.98 }));
    expect(kept.map((h) => h.chunk.id)).toEqual(["a", "b"]);
    expect(await retriever.retrieve(query({ scoreThreshold: 1 }))).toHaveLength(1);
    expect(await retriever.retrieve(query({ query: "   " }))).toEqual([]);
  });

  it("skips knowledge bases of other workspaces as unknown", async () => {
    const { retriever, calls, warnings } = world({ bases: [base("kb1"), base("kbx", { workspaceId: "ws-b" })], fullText: [hit("a", "kb1")] });
    await retriever.retrieve(query({ knowledgeBaseIds: ["kb1", "kbx"] }));
    expect(calls.fullText[0]?.knowledgeBaseIds).toEqual(["kb1"]);
    expect(warnings).toHaveLength(1);
    expect(await retriever.retrieve(query({ knowledgeBaseIds: ["kbx"] }))).toEqual([]);
  });

  it("reorders by the rerank model's relevance, which becomes the score", async () => {
    const { retriever } = world({
      bases: [base("kb1", { rerankModel: "rr" })],
      fullText: [hit("a", "kb1"), hit("b", "kb1"), hit("c", "kb1")],
      rerank: (docs) => docs.map((d) => (d.endsWith("c") ? 0.9 : d.endsWith("a") ? 0.2 : 0.5)),
    });
    const hits = await retriever.retrieve(query({ scoreThreshold: 0.3 }));
    expect(hits.map((h) => [h.chunk.id, h.score])).toEqual([
      ["c", 0.9],
      ["b", 0.5],
    ]);
    expect(hits[0]?.sources.rerank).toEqual({ score: 0.9 });
  });

  it("keeps the fused order, with a warning, when the rerank provider has no /rerank or fails", async () => {
    const missing = world({ bases: [base("kb1", { rerankModel: "rr" })], fullText: [hit("a", "kb1"), hit("b", "kb1")], rerank: () => undefined });
    expect((await missing.retriever.retrieve(query())).map((h) => h.chunk.id)).toEqual(["a", "b"]);
    expect(missing.warnings).toEqual(["rerank model ignored: its provider has no /rerank endpoint"]);
    const failing = world({
      bases: [base("kb1", { rerankModel: "rr" })],
      fullText: [hit("a", "kb1")],
      rerank: () => {
        throw new AppError("ModelServiceFailed", "Failed to request model service.");
      },
    });
    expect((await failing.retriever.retrieve(query())).map((h) => h.chunk.id)).toEqual(["a"]);
    expect(failing.warnings).toEqual(["rerank failed; the fused order is kept"]);
  });

  it("turns a failing search or embedding into RetrivalFailed, and rethrows an abort as it is", async () => {
    const { retriever } = world({ bases: [base("kb1", { embeddingModel: "m1" })], fullText: [] });
    const deps = { bases: { find: async () => base("kb1", { embeddingModel: "m1" }) } };
    const broken = createHybridRetriever({
      ...deps,
      search: { fullText: async () => [], vector: async () => [] },
      embedder: {
        embed: async () => {
          throw new AppError("ModelNotConfigured", "No model provider serves model 'm1'.");
        },
      },
    });
    const error = await broken.retrieve(query()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "RetrivalFailed", message: "Failed to retrieve data from documents." });
    expect((error as AppError).diagnostic).toContain("m1");

    const controller = new AbortController();
    const reason = new Error("client went away");
    controller.abort(reason);
    await expect(retriever.retrieve(query(), controller.signal)).rejects.toBe(reason);
  });
});
