/**
 * Knowledge bases: documents a workspace uploads, cut into chunks that agents and workflow
 * nodes retrieve from. The shape follows Model Studio: a knowledge base ID is what callers pass
 * as `rag_options.pipeline_ids`, a document ID what they pass as `rag_options.file_ids` and what
 * comes back as `doc_references[].doc_id`.
 */

export type MetadataValue = string | number | boolean;

export interface ChunkingSettings {
  /** Target chunk size in tokens (cl100k_base via js-tiktoken). */
  chunkTokens: number;
  /** Tokens repeated from the end of one chunk at the start of the next. */
  overlapTokens: number;
}

export interface KnowledgeBase {
  /** 10 lowercase alphanumerics, like Model Studio pipeline IDs (`thie5bysoj`). */
  id: string;
  workspaceId: string;
  name: string;
  description: string;
  chunking: ChunkingSettings;
  /** Embedding model as a configured provider knows it (e.g. `text-embedding-v4`); null: full-text only. */
  embeddingModel: string | null;
  /** Optional rerank model (provider `/rerank`, or a chat model asked to score). */
  rerankModel: string | null;
  documentCount: number;
  chunkCount: number;
  /** Derived: `ready` when every document is ready or failed, `indexing` while any job is pending. */
  status: "empty" | "indexing" | "ready";
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export const documentFormats = ["pdf", "docx", "markdown", "text", "html", "csv"] as const;
export type DocumentFormat = (typeof documentFormats)[number];

export const documentStatuses = ["queued", "parsing", "chunking", "embedding", "ready", "failed"] as const;
export type DocumentStatus = (typeof documentStatuses)[number];

export interface KnowledgeDocument {
  /** `file_` + 32 hex, the shape of Model Studio document IDs. */
  id: string;
  knowledgeBaseId: string;
  workspaceId: string;
  /** The uploaded file name. */
  name: string;
  format: DocumentFormat;
  sizeBytes: number;
  /** Hex SHA-256 of the original bytes. */
  sha256: string;
  tags: string[];
  metadata: Record<string, MetadataValue>;
  status: DocumentStatus;
  /** Why ingestion failed, in words a user can act on; null unless `failed`. */
  error: string | null;
  pageCount: number | null;
  chunkCount: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface KnowledgeChunk {
  id: string;
  documentId: string;
  knowledgeBaseId: string;
  workspaceId: string;
  /** Position in the document, from 0. */
  seq: number;
  text: string;
  /** Headings above the chunk, outermost first (`["Guide", "Install", "Linux"]`). */
  headingPath: string[];
  /** 1-based page of the chunk's start (PDF); null when the format has no pages. */
  page: number | null;
  tokenCount: number;
  /** Disabled chunks stay listed but are never retrieved. */
  enabled: boolean;
  /** True once a user edited the text; re-indexing a document keeps no edits (it re-parses). */
  edited: boolean;
  createdAt: string;
  updatedAt: string;
}

/** What a parser makes of a file: blocks in reading order, each with its place in the document. */
export interface ParsedBlock {
  kind: "heading" | "paragraph" | "table" | "list" | "code";
  text: string;
  /** For headings: 1 (top) to 6. */
  level?: number;
  /** 1-based page (PDF only). */
  page?: number;
}

export interface ParsedDocument {
  blocks: ParsedBlock[];
  pageCount: number | null;
  /** Title from the document's own metadata, when it has one. */
  title?: string;
}

/** A chunk before it is stored. */
export interface ChunkDraft {
  seq: number;
  text: string;
  headingPath: string[];
  page: number | null;
  tokenCount: number;
}

/** Narrowing of a search; every filter is applied inside the workspace, never across it. */
export interface RetrievalFilter {
  knowledgeBaseIds: string[];
  documentIds?: string[];
  /** A chunk's document must carry every listed tag. */
  tags?: string[];
  /** Exact matches on document metadata. */
  metadata?: Record<string, MetadataValue>;
}

export interface RetrievalQuery extends RetrievalFilter {
  workspaceId: string;
  query: string;
  topK: number;
  /** Hits scoring below it (after fusion/rerank, 0..1) are dropped. */
  scoreThreshold?: number;
}

/** One ranked chunk, with what each retriever thought of it (for hit testing). */
export interface RetrievalHit {
  chunk: KnowledgeChunk;
  documentName: string;
  /** Final score, 0..1, higher is better. */
  score: number;
  /** Rank (1-based) and raw score per retriever that found it. */
  sources: { fulltext?: { rank: number; score: number }; vector?: { rank: number; score: number }; rerank?: { score: number } };
}
