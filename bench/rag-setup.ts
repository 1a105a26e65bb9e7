import { OpenAIProvider } from "@appstudio/adapters";
import {
  type ChunkDraft,
  createHybridRetriever,
  createRouterEmbedder,
  createStaticModelRouter,
  type KnowledgeDocument,
  newDocumentId,
  newKnowledgeBaseId,
  type Repositories,
  type Retriever,
} from "@appstudio/core";
import { type FakeModelServer, startFakeModelServer } from "@appstudio/core/testing";
import type { DialectName } from "@appstudio/storage";
import { type MigratedRepositories, migratedRepositories } from "@appstudio/storage/testing";

/** Shared pieces of `npm run bench:rag`: a fresh database, one workspace and knowledge base, the fake embedding model. */

export const EMBEDDING_MODEL = "fake-embed";

export interface RagBench {
  dialect: DialectName;
  db: MigratedRepositories;
  repos: Repositories;
  workspaceId: string;
  knowledgeBaseId: string;
  model: FakeModelServer;
  retriever: Retriever;
  embed(texts: string[]): Promise<number[][]>;
  close(): Promise<void>;
}

export async function openRagBench(dialect: DialectName): Promise<RagBench> {
  const db = await migratedRepositories(dialect);
  const { repos } = db;
  const now = new Date().toISOString();
  const workspaceId = `ws-bench${Math.random().toString(36).slice(2, 10).padEnd(8, "0")}`;
  await repos.workspaces.create({ id: workspaceId, name: workspaceId, region: "local", isDefault: false, createdAt: now, updatedAt: now });
  const knowledgeBaseId = newKnowledgeBaseId();
  await repos.knowledgeBases.create({
    id: knowledgeBaseId,
    workspaceId,
    name: "bench",
    description: "",
    chunking: { chunkTokens: 128, overlapTokens: 16 },
    embeddingModel: EMBEDDING_MODEL,
    rerankModel: null,
    createdBy: "bench",
    createdAt: now,
    updatedAt: now,
  });
  const model = await startFakeModelServer({ embeddingBatchLimit: 64 });
  const provider = new OpenAIProvider({ id: "fake", baseURL: model.url, embeddingBatchSize: 64 });
  const embedder = createRouterEmbedder(createStaticModelRouter([{ provider, models: [EMBEDDING_MODEL] }]));
  const retriever = createHybridRetriever({ bases: repos.knowledgeBases, search: repos.knowledgeSearch, embedder, reranker: embedder });
  return {
    dialect,
    db,
    repos,
    workspaceId,
    knowledgeBaseId,
    model,
    retriever,
    embed: (texts) => embedder.embed(EMBEDDING_MODEL, texts),
    async close() {
      await model.close();
      await db.close();
    },
  };
}

/** Stores a document with its chunks, as ingestion does; vectors from `vectors` (or none). */
export async function storeDocument(
  bench: RagBench,
  name: string,
  chunks: ChunkDraft[],
  vectors?: (texts: string[]) => Promise<number[][]> | number[][],
): Promise<KnowledgeDocument> {
  const now = new Date().toISOString();
  const document: KnowledgeDocument = {
    id: newDocumentId(),
    knowledgeBaseId: bench.knowledgeBaseId,
    workspaceId: bench.workspaceId,
    name,
    format: "markdown",
    sizeBytes: 1,
    sha256: "0".repeat(64),
    tags: [],
    metadata: {},
    status: "ready",
    error: null,
    pageCount: null,
    chunkCount: chunks.length,
    createdBy: "bench",
    createdAt: now,
    updatedAt: now,
  };
  await bench.repos.knowledgeDocuments.create(document, new Uint8Array([0]));
  const stored = await bench.repos.knowledgeChunks.replaceForDocument(document, chunks, now);
  if (vectors) {
    const computed = await vectors(stored.map((c) => c.text));
    await bench.repos.knowledgeSearch.storeEmbeddings(
      document,
      EMBEDDING_MODEL,
      stored.map((c, i) => ({ chunkId: c.id, vector: computed[i] as number[] })),
    );
  }
  return document;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

export const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "-");
