import type { Page, PageRequest } from "../ports/page.js";
import type {
  ChunkDraft,
  ChunkingSettings,
  DocumentFormat,
  DocumentStatus,
  KnowledgeBase,
  KnowledgeChunk,
  KnowledgeDocument,
  MetadataValue,
  ParsedDocument,
  RetrievalFilter,
  RetrievalHit,
  RetrievalQuery,
} from "./knowledge-types.js";

/**
 * Ports of the knowledge feature. Storage implements the repositories (SQLite and
 * PostgreSQL); adapters implement parsing, chunking, embedding and the queue; the server wires
 * them in its container. Every repository call that takes an ID also takes the workspace, so
 * a row of another workspace reads as missing.
 */
export interface KnowledgeBaseRepository {
  create(kb: Omit<KnowledgeBase, "documentCount" | "chunkCount" | "status">): Promise<void>;
  find(workspaceId: string, id: string): Promise<KnowledgeBase | undefined>;
  /** Exact name (names are unique in a workspace). */
  findByName(workspaceId: string, name: string): Promise<KnowledgeBase | undefined>;
  /**
   * The workspace that owns the ID, for management lookups by bare ID only: the caller must
   * authorize that workspace (`authorizeLookup`) before reading with `find`.
   */
  workspaceOf(id: string): Promise<string | undefined>;
  /** Newest first; `name` is a case-insensitive substring. Counts and status come in the same query. */
  list(query: PageRequest & { workspaceId: string; name?: string }): Promise<Page<KnowledgeBase>>;
  update(
    workspaceId: string,
    id: string,
    patch: Partial<Pick<KnowledgeBase, "name" | "description" | "chunking" | "embeddingModel" | "rerankModel">> & { updatedAt: string },
  ): Promise<void>;
  /** Deletes the knowledge base with its documents, files, chunks and jobs. */
  delete(workspaceId: string, id: string): Promise<void>;
}

export interface DocumentQuery extends PageRequest {
  workspaceId: string;
  knowledgeBaseId: string;
  status?: DocumentStatus;
  tag?: string;
  name?: string;
}

export interface KnowledgeDocumentRepository {
  /** Stores the document row, its original bytes and a queued job in one transaction. */
  create(document: KnowledgeDocument, content: Uint8Array): Promise<void>;
  find(workspaceId: string, id: string): Promise<KnowledgeDocument | undefined>;
  /** As `KnowledgeBaseRepository.workspaceOf`. */
  workspaceOf(id: string): Promise<string | undefined>;
  list(query: DocumentQuery): Promise<Page<KnowledgeDocument>>;
  readContent(workspaceId: string, id: string): Promise<Uint8Array | undefined>;
  update(workspaceId: string, id: string, patch: { tags?: string[]; metadata?: Record<string, MetadataValue>; updatedAt: string }): Promise<void>;
  setStatus(
    id: string,
    status: DocumentStatus,
    extra: { error?: string | null; pageCount?: number | null; chunkCount?: number; updatedAt: string },
  ): Promise<void>;
  delete(workspaceId: string, id: string): Promise<void>;
}

export interface ChunkQuery extends PageRequest {
  workspaceId: string;
  documentId: string;
}

export interface KnowledgeChunkRepository {
  /** Replaces every chunk of the document in one transaction (idempotent: a retried job never duplicates). */
  replaceForDocument(document: Pick<KnowledgeDocument, "id" | "knowledgeBaseId" | "workspaceId">, chunks: ChunkDraft[], at: string): Promise<KnowledgeChunk[]>;
  list(query: ChunkQuery): Promise<Page<KnowledgeChunk>>;
  find(workspaceId: string, id: string): Promise<KnowledgeChunk | undefined>;
  /** As `KnowledgeBaseRepository.workspaceOf`. */
  workspaceOf(id: string): Promise<string | undefined>;
  /** A new `text` marks the chunk `edited`. */
  update(workspaceId: string, id: string, patch: { text?: string; enabled?: boolean; tokenCount?: number; updatedAt: string }): Promise<void>;
  /** Also lowers the document's `chunkCount`. */
  delete(workspaceId: string, id: string): Promise<void>;
}

/** Durable ingestion jobs, one per document; a DB table in single-node mode. */
export interface KnowledgeJobRepository {
  /** (Re)queues the document's job; used on upload and re-index. */
  enqueue(documentId: string, workspaceId: string, at: string): Promise<void>;
  /**
   * Takes the next job whose lease is free or expired, preferring the workspace with the fewest
   * running jobs (fairness), and leases it to `owner` until `leaseExpiresAt`.
   */
  claim(owner: string, now: string, leaseExpiresAt: string): Promise<{ documentId: string; workspaceId: string; attempts: number } | undefined>;
  renew(documentId: string, owner: string, leaseExpiresAt: string): Promise<boolean>;
  finish(documentId: string, owner: string, state: "done" | "failed", at: string): Promise<void>;
  /**
   * Gives a leased job back without counting the attempt (a graceful shutdown): it becomes
   * claimable at once by this or another process. A no-op when `owner` no longer holds it.
   */
  release(documentId: string, owner: string, at: string): Promise<void>;
}

/** Reads a file into blocks. Throws `AppError("InvalidParameter")` with a user-facing reason for bad files. */
export interface DocumentParser {
  /** Recognises the format from the name and the first bytes; undefined when unsupported. */
  detectFormat(fileName: string, head: Uint8Array): DocumentFormat | undefined;
  parse(content: Uint8Array, format: DocumentFormat, options: { signal?: AbortSignal }): Promise<ParsedDocument>;
}

export interface Chunker {
  chunk(document: ParsedDocument, settings: ChunkingSettings): ChunkDraft[];
  countTokens(text: string): number;
}

/** OpenAI-compatible `/embeddings` of the model a knowledge base names. */
export interface Embedder {
  embed(model: string, inputs: string[], signal?: AbortSignal): Promise<number[][]>;
}

/**
 * Parses a file and cuts it into chunks in one step, so the server can run both off the main
 * thread (a large PDF is seconds of CPU). `onChunking` is called when parsing is done.
 */
export interface DocumentSplitter {
  split(
    input: { content: Uint8Array; format: DocumentFormat; chunking: ChunkingSettings },
    options: { signal?: AbortSignal; onChunking?: () => void },
  ): Promise<{ chunks: ChunkDraft[]; pageCount: number | null }>;
}

/** Where chunk vectors are kept: the vector side of the search index (sqlite-vec, pgvector or exact search). */
export interface ChunkEmbeddingStore {
  /** Stores one vector per chunk of the document, replacing the vectors those chunks had. */
  storeEmbeddings(
    document: Pick<KnowledgeDocument, "id" | "knowledgeBaseId" | "workspaceId">,
    model: string,
    embeddings: { chunkId: string; vector: number[] }[],
  ): Promise<void>;
}

/** Where a search looks: always one workspace, then its filters (knowledge bases, documents, tags, metadata). */
export interface SearchScope extends RetrievalFilter {
  workspaceId: string;
}

/** A chunk one retriever found, with its raw score (higher is better). */
export interface SearchHit {
  chunk: KnowledgeChunk;
  documentName: string;
  score: number;
}

/**
 * The search index over chunks (migration 0008): full-text and vectors. Every search stays
 * inside `scope.workspaceId` (a knowledge base ID of another workspace in the filter finds
 * nothing) and returns enabled chunks only.
 */
export interface KnowledgeSearchRepository extends ChunkEmbeddingStore {
  /**
   * Chunks sharing terms with the query (CJK text as character bigrams, see `searchText`), best
   * first. Score: -BM25 on SQLite, ts_rank on PostgreSQL; only the order means something.
   * Empty when the query has no searchable term.
   */
  fullText(query: string, scope: SearchScope, limit: number): Promise<SearchHit[]>;
  /** Chunks whose vector from `scope.model` is nearest to `embedding`; score is cosine similarity (-1..1). */
  vector(embedding: number[], scope: SearchScope & { model: string }, limit: number): Promise<SearchHit[]>;
}

/**
 * A provider's `/rerank` (Jina, Cohere, DashScope, vLLM ...): one relevance score per document,
 * in input order, 0..1. Undefined when the model's provider has no rerank endpoint.
 */
export interface Reranker {
  rerank(model: string, query: string, documents: string[], signal?: AbortSignal): Promise<number[] | undefined>;
}

/** Ranks chunks for a query: full-text, vector, fusion and rerank behind one call. */
export interface Retriever {
  retrieve(query: RetrievalQuery, signal?: AbortSignal): Promise<RetrievalHit[]>;
}
