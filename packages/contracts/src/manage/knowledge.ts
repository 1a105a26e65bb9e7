import { Type } from "typebox";
import { PageQuery, Timestamp, WorkspaceId } from "./common.js";

/** Wire shapes of the knowledge-base routes of the management API (docs/knowledge.md). */

export const KnowledgeBaseId = Type.String({
  pattern: "^[a-z0-9]{10}$",
  description: "Knowledge base ID: 10 lowercase letters and digits (what rag_options.pipeline_ids takes)",
});
export const DocumentId = Type.String({
  pattern: "^file_[0-9a-f]{32}$",
  description: "Document ID: file_ + 32 hex characters (what rag_options.file_ids takes)",
});
export const ChunkId = Type.String({ pattern: "^[0-9a-f]{32}$", description: "Chunk ID: 32 hex characters" });

export const KnowledgeBaseStatus = Type.Union([Type.Literal("empty"), Type.Literal("indexing"), Type.Literal("ready")], {
  description: "empty: no documents; indexing: a document is queued or being ingested; ready: every document is ready or failed",
});
export const DocumentFormat = Type.Union([
  Type.Literal("pdf"),
  Type.Literal("docx"),
  Type.Literal("markdown"),
  Type.Literal("text"),
  Type.Literal("html"),
  Type.Literal("csv"),
]);
export const DocumentStatus = Type.Union(
  [Type.Literal("queued"), Type.Literal("parsing"), Type.Literal("chunking"), Type.Literal("embedding"), Type.Literal("ready"), Type.Literal("failed")],
  { description: "queued → parsing → chunking → embedding (only with an embedding model) → ready, or failed with `error`" },
);

export const ChunkingSettings = Type.Object({
  chunkTokens: Type.Integer({ description: "Target chunk size in tokens (cl100k_base)" }),
  overlapTokens: Type.Integer({ description: "Tokens repeated at the start of the next chunk" }),
});

export const KnowledgeBase = Type.Object({
  id: KnowledgeBaseId,
  workspaceId: WorkspaceId,
  name: Type.String(),
  description: Type.String(),
  chunking: ChunkingSettings,
  embeddingModel: Type.Union([Type.String(), Type.Null()], { description: "null: full-text search only" }),
  rerankModel: Type.Union([Type.String(), Type.Null()]),
  documentCount: Type.Integer(),
  chunkCount: Type.Integer(),
  status: KnowledgeBaseStatus,
  createdBy: Type.String(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

const ModelName = Type.Union([Type.String({ maxLength: 200 }), Type.Null()], { description: "A model a configured provider serves; null or empty for none" });
const ChunkingInput = Type.Object(
  {
    chunkTokens: Type.Optional(Type.Integer({ minimum: 50, maximum: 4000, description: "50-4000, default 500" })),
    overlapTokens: Type.Optional(Type.Integer({ minimum: 0, maximum: 2000, description: "0 to half of chunkTokens, default 50" })),
  },
  { additionalProperties: false },
);

export const KnowledgeBaseName = Type.String({ minLength: 1, maxLength: 100 });

export const CreateKnowledgeBaseBody = Type.Object(
  {
    workspaceId: WorkspaceId,
    name: KnowledgeBaseName,
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    chunking: Type.Optional(ChunkingInput),
    embeddingModel: Type.Optional(ModelName),
    rerankModel: Type.Optional(ModelName),
  },
  { additionalProperties: false },
);

export const UpdateKnowledgeBaseBody = Type.Object(
  {
    name: Type.Optional(KnowledgeBaseName),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    chunking: Type.Optional(ChunkingInput),
    embeddingModel: Type.Optional(ModelName),
    rerankModel: Type.Optional(ModelName),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const MetadataValue = Type.Union([Type.String({ maxLength: 1000 }), Type.Number(), Type.Boolean()]);
export const Tags = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 20, description: "At most 20 tags of 1-64 characters" });
export const Metadata = Type.Record(Type.String({ minLength: 1, maxLength: 64 }), MetadataValue, {
  maxProperties: 50,
  description: "Flat: at most 50 keys, each a string, number or boolean",
});

export const Document = Type.Object({
  id: DocumentId,
  knowledgeBaseId: KnowledgeBaseId,
  workspaceId: WorkspaceId,
  name: Type.String({ description: "The uploaded file name" }),
  format: DocumentFormat,
  sizeBytes: Type.Integer(),
  sha256: Type.String({ description: "Hex SHA-256 of the original bytes" }),
  tags: Type.Array(Type.String()),
  metadata: Type.Record(Type.String(), MetadataValue),
  status: DocumentStatus,
  error: Type.Union([Type.String(), Type.Null()], { description: "Why ingestion failed; null unless failed" }),
  pageCount: Type.Union([Type.Integer(), Type.Null()]),
  chunkCount: Type.Integer(),
  createdBy: Type.String(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const UpdateDocumentBody = Type.Object(
  { tags: Type.Optional(Tags), metadata: Type.Optional(Metadata) },
  { additionalProperties: false, minProperties: 1 },
);

/** The multipart form of an upload, for the OpenAPI document (the route streams it, nothing validates it as JSON). */
export const UploadForm = Type.Object({
  file: Type.Array(Type.String({ format: "binary" }), { description: "One or more files (any part with a file name counts); up to 20 per request" }),
  tags: Type.Optional(Type.String({ description: "Comma-separated list or JSON array; applies to the files after it" })),
  metadata: Type.Optional(Type.String({ description: "JSON object (flat); applies to the files after it" })),
});

export const UploadError = Type.Object({
  fileName: Type.Union([Type.String(), Type.Null()], { description: "The file refused; null for a problem with the request itself" }),
  code: Type.String(),
  message: Type.String(),
});

export const UploadResult = Type.Object({
  items: Type.Array(Document, { description: "Documents stored and queued for ingestion, in request order" }),
  errors: Type.Array(UploadError, { description: "Files that were not stored, each with its reason" }),
});

export const Chunk = Type.Object({
  id: ChunkId,
  documentId: DocumentId,
  knowledgeBaseId: KnowledgeBaseId,
  workspaceId: WorkspaceId,
  seq: Type.Integer({ description: "Position in the document, from 0" }),
  text: Type.String(),
  headingPath: Type.Array(Type.String(), { description: "Headings above the chunk, outermost first" }),
  page: Type.Union([Type.Integer(), Type.Null()], { description: "1-based page of the chunk's start (PDF)" }),
  tokenCount: Type.Integer(),
  enabled: Type.Boolean({ description: "Disabled chunks are never retrieved" }),
  edited: Type.Boolean({ description: "Edited by hand; re-indexing the document replaces edits" }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const UpdateChunkBody = Type.Object(
  { text: Type.Optional(Type.String({ minLength: 1, maxLength: 50_000 })), enabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);

export const ReindexResult = Type.Object({ queued: Type.Integer({ description: "Documents queued for ingestion again" }) });

export const KnowledgeBaseListQuery = Type.Object(
  {
    ...PageQuery,
    workspaceId: Type.Optional(Type.String({ maxLength: 64, description: "Required: the workspace whose knowledge bases to list" })),
    name: Type.Optional(Type.String({ maxLength: 100, description: "Name contains this text, case-insensitive" })),
  },
  { additionalProperties: false },
);

export const DocumentListQuery = Type.Object(
  {
    ...PageQuery,
    workspaceId: Type.Optional(Type.String({ maxLength: 64, description: "Only to look the knowledge base up by name" })),
    status: Type.Optional(DocumentStatus),
    tag: Type.Optional(Type.String({ maxLength: 64, description: "Documents carrying this tag" })),
    name: Type.Optional(Type.String({ maxLength: 255, description: "File name contains this text, case-insensitive" })),
  },
  { additionalProperties: false },
);

/** A knowledge base as `GET /api/v1/knowledge-bases` shows it to an API key of its workspace. */
export const KeyKnowledgeBase = Type.Object({
  knowledge_base_id: KnowledgeBaseId,
  name: Type.String(),
  description: Type.String(),
  status: KnowledgeBaseStatus,
  document_count: Type.Integer(),
  chunk_count: Type.Integer(),
  embedding_model: Type.Union([Type.String(), Type.Null()]),
  workspace_id: WorkspaceId,
  updated_at: Timestamp,
});
