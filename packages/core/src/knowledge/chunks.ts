import { recordAudit } from "../audit/record-audit.js";
import { authorize } from "../auth/authorize.js";
import type { Principal } from "../auth/principal.js";
import type { CoreDeps } from "../context.js";
import { isoNow } from "../ports/clock.js";
import type { Page, PageRequest } from "../ports/page.js";
import { lookupChunk, lookupDocument } from "./knowledge-lookups.js";
import { checkChunkText } from "./knowledge-rules.js";
import type { KnowledgeDeps } from "./knowledge-services.js";
import type { KnowledgeChunk } from "./knowledge-types.js";

/** Chunks of a document in reading order, disabled ones included. */
export async function listChunks(deps: CoreDeps, principal: Principal, documentId: string, page: PageRequest): Promise<Page<KnowledgeChunk>> {
  const document = await lookupDocument(deps, principal, documentId);
  return deps.repos.knowledgeChunks.list({ workspaceId: document.workspaceId, documentId: document.id, limit: page.limit, offset: page.offset });
}

/**
 * Edits a chunk's text (its token count is counted again, and with an embedding model its vector
 * is made anew, before anything is written, so an embedding outage leaves the chunk as it was) or
 * switches it off and on; disabled chunks are never retrieved. Re-indexing the document
 * re-parses the file and drops edits.
 */
export async function updateChunk(
  deps: KnowledgeDeps,
  principal: Principal,
  chunkId: string,
  patch: { text?: string; enabled?: boolean },
): Promise<KnowledgeChunk> {
  const chunk = await lookupChunk(deps, principal, chunkId);
  authorize(principal, "knowledge.write", { workspaceId: chunk.workspaceId });
  const text = patch.text !== undefined ? checkChunkText(patch.text) : undefined;
  const vector = text !== undefined ? await embedEditedText(deps, chunk, text) : undefined;
  await deps.repos.knowledgeChunks.update(chunk.workspaceId, chunk.id, {
    ...(text !== undefined ? { text, tokenCount: deps.knowledge.chunker.countTokens(text) } : {}),
    ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
    updatedAt: isoNow(deps.clock),
  });
  if (vector) {
    const document = { id: chunk.documentId, knowledgeBaseId: chunk.knowledgeBaseId, workspaceId: chunk.workspaceId };
    await deps.repos.knowledgeSearch.storeEmbeddings(document, vector.model, [{ chunkId: chunk.id, vector: vector.values }]);
  }
  await recordAudit(deps, principal, {
    action: "knowledge-chunk.update",
    resourceType: "knowledge-chunk",
    resourceId: chunk.id,
    workspaceId: chunk.workspaceId,
    details: {
      documentId: chunk.documentId,
      ...(text !== undefined ? { edited: true } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
    },
  });
  return lookupChunk(deps, principal, chunk.id);
}

async function embedEditedText(deps: KnowledgeDeps, chunk: KnowledgeChunk, text: string): Promise<{ model: string; values: number[] } | undefined> {
  const base = await deps.repos.knowledgeBases.find(chunk.workspaceId, chunk.knowledgeBaseId);
  if (!base?.embeddingModel) return undefined;
  const [values] = await deps.knowledge.embedder.embed(base.embeddingModel, [text]);
  return values ? { model: base.embeddingModel, values } : undefined;
}

export async function deleteChunk(deps: CoreDeps, principal: Principal, chunkId: string): Promise<void> {
  const chunk = await lookupChunk(deps, principal, chunkId);
  authorize(principal, "knowledge.write", { workspaceId: chunk.workspaceId });
  await deps.repos.knowledgeChunks.delete(chunk.workspaceId, chunk.id);
  await recordAudit(deps, principal, {
    action: "knowledge-chunk.delete",
    resourceType: "knowledge-chunk",
    resourceId: chunk.id,
    workspaceId: chunk.workspaceId,
    details: { documentId: chunk.documentId, seq: chunk.seq },
  });
}
