import { queryOptions } from "@tanstack/react-query";
import { api, buildUrl } from "./client";
import type { DocumentStatus, HitTestResult, KnowledgeBase, KnowledgeChunk, KnowledgeDocument, Page } from "./types";

const kbPath = (id: string) => `/knowledge-bases/${encodeURIComponent(id)}`;
const docPath = (id: string) => `/knowledge-documents/${encodeURIComponent(id)}`;
const chunkPath = (id: string) => `/knowledge-chunks/${encodeURIComponent(id)}`;

/** Statuses a document passes through before it is ready or failed; the console polls while any is shown. */
export const PENDING_STATUSES: ReadonlySet<DocumentStatus> = new Set(["queued", "parsing", "chunking", "embedding"]);
const POLL_MS = 1500;

export const knowledgeBasesQuery = (workspaceId: string, offset = 0, limit = 50) =>
  queryOptions({
    queryKey: ["knowledge-bases", { workspaceId, offset, limit }],
    queryFn: ({ signal }) => api<Page<KnowledgeBase>>("/knowledge-bases", { query: { workspaceId, offset, limit }, signal }),
    placeholderData: (previous) => previous,
    // Document and chunk counts change while documents are indexed.
    refetchInterval: (query) => (query.state.data?.items.some((kb) => kb.status === "indexing") ? POLL_MS : false),
  });

export const knowledgeBaseQuery = (id: string) =>
  queryOptions({
    queryKey: ["knowledge-base", id],
    queryFn: ({ signal }) => api<KnowledgeBase>(kbPath(id), { signal }),
    refetchInterval: (query) => (query.state.data?.status === "indexing" ? POLL_MS : false),
  });

export interface KnowledgeBaseInput {
  name: string;
  description: string;
  chunking: { chunkTokens: number; overlapTokens: number };
  embeddingModel: string | null;
  rerankModel: string | null;
}

export const createKnowledgeBase = (workspaceId: string, input: KnowledgeBaseInput) =>
  api<KnowledgeBase>("/knowledge-bases", { method: "POST", body: { workspaceId, ...input } });
export const updateKnowledgeBase = (id: string, input: Partial<KnowledgeBaseInput>) => api<KnowledgeBase>(kbPath(id), { method: "PATCH", body: input });
export const deleteKnowledgeBase = (id: string) => api<{ ok: true }>(kbPath(id), { method: "DELETE" });
/** Queues every document again, e.g. after the chunking or embedding settings changed. */
export const reindexKnowledgeBase = (id: string) => api<{ queued: number }>(`${kbPath(id)}/reindex`, { method: "POST" });

export const documentsQuery = (knowledgeBaseId: string, offset = 0, limit = 50) =>
  queryOptions({
    queryKey: ["knowledge-documents", knowledgeBaseId, { offset, limit }],
    queryFn: ({ signal }) => api<Page<KnowledgeDocument>>(`${kbPath(knowledgeBaseId)}/documents`, { query: { offset, limit }, signal }),
    placeholderData: (previous) => previous,
    // Statuses move on in the background: poll while any shown document is still being indexed.
    refetchInterval: (query) => (query.state.data?.items.some((d) => PENDING_STATUSES.has(d.status)) ? POLL_MS : false),
  });

export const documentQuery = (id: string) =>
  queryOptions({
    queryKey: ["knowledge-document", id],
    queryFn: ({ signal }) => api<KnowledgeDocument>(docPath(id), { signal }),
    refetchInterval: (query) => (query.state.data && PENDING_STATUSES.has(query.state.data.status) ? POLL_MS : false),
  });

export const updateDocument = (id: string, input: { tags?: string[]; metadata?: Record<string, string | number | boolean> }) =>
  api<KnowledgeDocument>(docPath(id), { method: "PATCH", body: input });
export const deleteDocument = (id: string) => api<{ ok: true }>(docPath(id), { method: "DELETE" });
export const reindexDocument = (id: string) => api<KnowledgeDocument>(`${docPath(id)}/reindex`, { method: "POST" });
/** Same-origin link to the original file; the session cookie authorises the download. */
export const documentFileUrl = (id: string) => buildUrl(`${docPath(id)}/file`);

export const chunksQuery = (documentId: string, offset = 0, limit = 50) =>
  queryOptions({
    queryKey: ["knowledge-chunks", documentId, { offset, limit }],
    queryFn: ({ signal }) => api<Page<KnowledgeChunk>>(`${docPath(documentId)}/chunks`, { query: { offset, limit }, signal }),
    placeholderData: (previous) => previous,
  });

export const updateChunk = (id: string, input: { text?: string; enabled?: boolean }) => api<KnowledgeChunk>(chunkPath(id), { method: "PATCH", body: input });
export const deleteChunk = (id: string) => api<{ ok: true }>(chunkPath(id), { method: "DELETE" });

export interface RetrieveInput {
  query: string;
  topK: number;
  scoreThreshold?: number;
}
/** Hit testing: the ranked chunks, with what each retriever made of them. */
export const retrieve = (knowledgeBaseId: string, input: RetrieveInput) =>
  api<HitTestResult>(`${kbPath(knowledgeBaseId)}/retrieve`, { method: "POST", body: input });
