import type {
  ChunkDraft,
  ChunkingSettings,
  DocumentFormat,
  KnowledgeChunk,
  KnowledgeDocument,
  ParsedDocument,
  RetrievalFilter,
  RetrievalHit,
  RetrievalQuery,
} from "./knowledge-types.js";

/**
 * Outbound ports of the knowledge feature: adapters implement parsing, chunking, embedding,
 * reranking and the queue, and the server wires them in its container. The feature's storage
 * ports (knowledge bases, documents, chunks, jobs and the search index) are in
 * `ports/repositories.ts` with every other repository.
 */

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
