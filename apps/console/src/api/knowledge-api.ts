import { queryOptions } from "@tanstack/react-query";
import { api, manage } from "./client";
import type { DocumentStatus } from "./types";

/** Statuses a document passes through before it is ready or failed; the console polls while any is shown. */
export const PENDING_STATUSES: ReadonlySet<DocumentStatus> = new Set(["queued", "parsing", "chunking", "embedding"]);
const POLL_MS = 1500;

export const knowledgeBasesQuery = (workspaceId: string, offset = 0, limit = 50) =>
  queryOptions({
    queryKey: ["knowledge-bases", { workspaceId, offset, limit }],
    queryFn: ({ signal }) => api((c) => c.listKnowledgeBases({ workspaceId, offset, limit }), { signal }),
    placeholderData: (previous) => previous,
    // Document and chunk counts change while documents are indexed.
    refetchInterval: (query) => (query.state.data?.items.some((kb) => kb.status === "indexing") ? POLL_MS : false),
  });

export const knowledgeBaseQuery = (id: string) =>
  queryOptions({
    queryKey: ["knowledge-base", id],
    queryFn: ({ signal }) => api((c) => c.getKnowledgeBase(id), { signal }),
    refetchInterval: (query) => (query.state.data?.status === "indexing" ? POLL_MS : false),
  });

export interface KnowledgeBaseInput {
  name: string;
  description: string;
  chunking: { chunkTokens: number; overlapTokens: number };
  embeddingModel: string | null;
  rerankModel: string | null;
}

export const createKnowledgeBase = (workspaceId: string, input: KnowledgeBaseInput) => api((c) => c.createKnowledgeBase({ workspaceId, ...input }));
export const updateKnowledgeBase = (id: string, input: Partial<KnowledgeBaseInput>) => api((c) => c.updateKnowledgeBase(id, input));
export const deleteKnowledgeBase = (id: string) => api((c) => c.deleteKnowledgeBase(id));
/** Queues every document again, e.g. after the chunking or embedding settings changed. */
export const reindexKnowledgeBase = (id: string) => api((c) => c.reindexKnowledgeBase(id));

export const documentsQuery = (knowledgeBaseId: string, offset = 0, limit = 50) =>
  queryOptions({
    queryKey: ["knowledge-documents", knowledgeBaseId, { offset, limit }],
    queryFn: ({ signal }) => api((c) => c.listDocuments(knowledgeBaseId, { offset, limit }), { signal }),
    placeholderData: (previous) => previous,
    // Statuses move on in the background: poll while any shown document is still being indexed.
    refetchInterval: (query) => (query.state.data?.items.some((d) => PENDING_STATUSES.has(d.status)) ? POLL_MS : false),
  });

export const documentQuery = (id: string) =>
  queryOptions({
    queryKey: ["knowledge-document", id],
    queryFn: ({ signal }) => api((c) => c.getDocument(id), { signal }),
    refetchInterval: (query) => (query.state.data && PENDING_STATUSES.has(query.state.data.status) ? POLL_MS : false),
  });

export const updateDocument = (id: string, input: { tags?: string[]; metadata?: Record<string, string | number | boolean> }) =>
  api((c) => c.updateDocument(id, input));
export const deleteDocument = (id: string) => api((c) => c.deleteDocument(id));
export const reindexDocument = (id: string) => api((c) => c.reindexDocument(id));
/** Same-origin link to the original file; the session cookie authorises the download. */
export const documentFileUrl = (id: string) => manage.documentFileUrl(id);

export const chunksQuery = (documentId: string, offset = 0, limit = 50) =>
  queryOptions({
    queryKey: ["knowledge-chunks", documentId, { offset, limit }],
    queryFn: ({ signal }) => api((c) => c.listChunks(documentId, { offset, limit }), { signal }),
    placeholderData: (previous) => previous,
  });

export const updateChunk = (id: string, input: { text?: string; enabled?: boolean }) => api((c) => c.updateChunk(id, input));
export const deleteChunk = (id: string) => api((c) => c.deleteChunk(id));

export interface RetrieveInput {
  query: string;
  topK: number;
  scoreThreshold?: number;
}
/** Hit testing: the ranked chunks, with what each retriever made of them. */
export const retrieve = (knowledgeBaseId: string, input: RetrieveInput) => api((c) => c.retrieve(knowledgeBaseId, input));
