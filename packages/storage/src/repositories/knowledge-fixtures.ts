import { randomBytes } from "node:crypto";
import { type ChunkDraft, type KnowledgeBase, type KnowledgeDocument, newDocumentId, newKnowledgeBaseId } from "@appstudio/core";

/** Builders for the knowledge contract tests: valid rows with unique keys, overridable per test. */
const now = () => new Date().toISOString();

export const knowledgeBaseRow = (workspaceId: string, over: Partial<KnowledgeBase> = {}): Omit<KnowledgeBase, "documentCount" | "chunkCount" | "status"> => ({
  id: newKnowledgeBaseId(),
  workspaceId,
  name: `kb-${randomBytes(5).toString("hex")}`,
  description: "",
  chunking: { chunkTokens: 500, overlapTokens: 50 },
  embeddingModel: null,
  rerankModel: null,
  createdBy: "u-x",
  createdAt: now(),
  updatedAt: now(),
  ...over,
});

export const documentRow = (kb: { id: string; workspaceId: string }, over: Partial<KnowledgeDocument> = {}): KnowledgeDocument => ({
  id: newDocumentId(),
  knowledgeBaseId: kb.id,
  workspaceId: kb.workspaceId,
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
  createdBy: "u-x",
  createdAt: now(),
  updatedAt: now(),
  ...over,
});

export const chunkDrafts = (n: number, text = (i: number) => `chunk number ${i}`): ChunkDraft[] =>
  Array.from({ length: n }, (_, seq) => ({ seq, text: text(seq), headingPath: ["Guide", `Part ${seq}`], page: seq + 1, tokenCount: 3 }));
