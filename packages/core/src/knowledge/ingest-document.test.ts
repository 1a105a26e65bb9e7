import { describe, expect, it } from "vitest";
import { AppError } from "../errors.js";
import { type IngestDocumentDeps, ingestDocument } from "./ingest-document.js";
import type { DocumentSplitter, Embedder } from "./knowledge-ports.js";
import type { ChunkDraft, KnowledgeBase, KnowledgeChunk, KnowledgeDocument } from "./knowledge-types.js";

const WS = "ws-aaaaaaaaaaaaaaaa";
const AT = "2026-01-01T00:00:00.000Z";

function drafts(n: number): ChunkDraft[] {
  return Array.from({ length: n }, (_, seq) => ({ seq, text: `chunk ${seq}`, headingPath: ["Guide"], page: 1, tokenCount: 2 }));
}

/** The ports of one knowledge base with one document, in memory, recording what happened. */
function world(options: { embeddingModel?: string | null; splitter?: DocumentSplitter; embedder?: Embedder } = {}) {
  const base: KnowledgeBase = {
    id: "kbaaaaaaaa",
    workspaceId: WS,
    name: "kb",
    description: "",
    chunking: { chunkTokens: 200, overlapTokens: 20 },
    embeddingModel: options.embeddingModel === undefined ? "embed-model" : options.embeddingModel,
    rerankModel: null,
    documentCount: 1,
    chunkCount: 0,
    status: "indexing",
    createdBy: "u-1",
    createdAt: AT,
    updatedAt: AT,
  };
  const document: KnowledgeDocument = {
    id: `file_${"1".repeat(32)}`,
    knowledgeBaseId: base.id,
    workspaceId: WS,
    name: "guide.md",
    format: "markdown",
    sizeBytes: 5,
    sha256: "0".repeat(64),
    tags: [],
    metadata: {},
    status: "queued",
    error: null,
    pageCount: null,
    chunkCount: 0,
    createdBy: "u-1",
    createdAt: AT,
    updatedAt: AT,
  };
  const state = {
    statuses: [] as string[],
    chunks: [] as KnowledgeChunk[],
    vectors: [] as { chunkId: string; vector: number[] }[],
    embedCalls: [] as string[][],
    internal: [] as { requestId: string; error: unknown }[],
    deleted: false,
  };
  const deps: IngestDocumentDeps = {
    bases: { find: async (ws, id) => (ws === WS && id === base.id ? base : undefined) },
    documents: {
      find: async (ws, id) => (!state.deleted && ws === WS && id === document.id ? document : undefined),
      readContent: async () => (state.deleted ? undefined : new TextEncoder().encode("# Guide")),
      setStatus: async (_id, status, extra) => {
        state.statuses.push(status);
        Object.assign(document, { status, ...extra });
      },
    },
    chunks: {
      replaceForDocument: async (doc, list, at) => {
        state.chunks = list.map((d) => ({
          ...d,
          id: `c${d.seq}`,
          documentId: doc.id,
          knowledgeBaseId: doc.knowledgeBaseId,
          workspaceId: doc.workspaceId,
          enabled: true,
          edited: false,
          createdAt: at,
          updatedAt: at,
        }));
        return state.chunks;
      },
    },
    embeddings: {
      storeEmbeddings: async (_doc, _model, list) => {
        state.vectors = list;
      },
    },
    splitter: options.splitter ?? {
      async split(_input, opts) {
        opts.onChunking?.();
        return { chunks: drafts(250), pageCount: 3 };
      },
    },
    embedder: options.embedder ?? {
      async embed(_model, inputs) {
        state.embedCalls.push(inputs);
        return inputs.map((t) => [t.length, 1]);
      },
    },
    clock: { now: () => new Date(AT) },
    logInternalError: (requestId, _id, error) => state.internal.push({ requestId, error }),
  };
  return { deps, document, state, job: { documentId: document.id, workspaceId: WS } };
}

const live = () => new AbortController().signal;

describe("ingestDocument", () => {
  it("parses, chunks, embeds in groups and stores, moving through every status", async () => {
    const { deps, document, state, job } = world();
    const outcome = await ingestDocument(deps, job, live());
    expect(outcome).toEqual({ status: "ready", chunkCount: 250, pageCount: 3 });
    expect(state.statuses).toEqual(["parsing", "chunking", "embedding", "ready"]);
    expect(document).toMatchObject({ status: "ready", chunkCount: 250, pageCount: 3, error: null });
    expect(state.embedCalls.map((c) => c.length)).toEqual([100, 100, 50]);
    // Each stored vector belongs to the chunk whose text it was computed from.
    expect(state.vectors).toHaveLength(250);
    expect(state.vectors.find((v) => v.chunkId === "c217")?.vector).toEqual(["chunk 217".length, 1]);
  });

  it("skips embedding when the knowledge base has no embedding model", async () => {
    const { deps, state, job } = world({ embeddingModel: null });
    expect((await ingestDocument(deps, job, live())).status).toBe("ready");
    expect(state.statuses).toEqual(["parsing", "chunking", "ready"]);
    expect(state.embedCalls).toEqual([]);
    expect(state.vectors).toEqual([]);
  });

  it("fails with the parser's own words for a bad file", async () => {
    const splitter: DocumentSplitter = {
      split: async () => {
        throw new AppError("InvalidParameter", "The PDF is password-protected.");
      },
    };
    const { deps, document, state, job } = world({ splitter });
    expect(await ingestDocument(deps, job, live())).toEqual({ status: "failed", reason: "The PDF is password-protected." });
    expect(document).toMatchObject({ status: "failed", error: "The PDF is password-protected." });
    expect(state.chunks).toEqual([]);
    expect(state.internal).toEqual([]);
  });

  it("says which model failed when embedding fails", async () => {
    const embedder: Embedder = {
      embed: async () => {
        throw new AppError("ModelServiceFailed", "The model service is unavailable.");
      },
    };
    const { deps, document, job } = world({ embedder });
    await ingestDocument(deps, job, live());
    expect(document.error).toBe("Embedding with 'embed-model' failed: The model service is unavailable.");
  });

  it("hides unexpected errors behind a request ID that leads to the log", async () => {
    const splitter: DocumentSplitter = {
      split: async () => {
        throw new TypeError("cannot read properties of undefined");
      },
    };
    const { deps, document, state, job } = world({ splitter });
    await ingestDocument(deps, job, live());
    expect(state.internal).toHaveLength(1);
    expect(document.error).toBe(`Indexing failed: internal error (request ${state.internal[0]!.requestId})`);
    expect(state.internal[0]!.error).toBeInstanceOf(TypeError);
  });

  it("refuses a document in which no text was found", async () => {
    const splitter: DocumentSplitter = { split: async () => ({ chunks: [], pageCount: 2 }) };
    const { deps, document, job } = world({ splitter });
    await ingestDocument(deps, job, live());
    expect(document.status).toBe("failed");
    expect(document.error).toMatch(/No text was found/);
  });

  it("stops without failing the document or writing chunks when aborted", async () => {
    const controller = new AbortController();
    const embedder: Embedder = {
      embed: async (_model, inputs) => {
        controller.abort();
        return inputs.map(() => [1]);
      },
    };
    const { deps, document, state, job } = world({ embedder });
    expect(await ingestDocument(deps, job, controller.signal)).toEqual({ status: "aborted" });
    expect(document.status).toBe("embedding");
    expect(state.chunks).toEqual([]);
  });

  it("writes nothing when the job was taken over before the chunks are stored", async () => {
    const { deps, state, job } = world();
    expect(await ingestDocument(deps, { ...job, stillOwned: async () => false }, live())).toEqual({ status: "aborted" });
    expect(state.chunks).toEqual([]);
    expect(state.statuses).not.toContain("ready");
  });

  it("reports a document deleted before or during the run as missing, not failed", async () => {
    const gone = world();
    gone.state.deleted = true;
    expect(await ingestDocument(gone.deps, gone.job, live())).toEqual({ status: "missing" });

    const during = world();
    during.deps.chunks.replaceForDocument = async () => {
      during.state.deleted = true;
      throw new Error("FOREIGN KEY constraint failed");
    };
    expect(await ingestDocument(during.deps, during.job, live())).toEqual({ status: "missing" });
    expect(during.state.internal).toEqual([]);
  });
});
