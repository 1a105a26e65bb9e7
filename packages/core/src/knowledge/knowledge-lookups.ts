import { authorizeLookup } from "../auth/authorize.js";
import type { Principal } from "../auth/principal.js";
import type { CoreDeps } from "../context.js";
import { notFound } from "../errors.js";
import { CHUNK_ID_PATTERN, DOCUMENT_ID_PATTERN, KNOWLEDGE_BASE_ID_PATTERN } from "../ids.js";
import type { KnowledgeBase, KnowledgeChunk, KnowledgeDocument } from "./knowledge-types.js";

/**
 * Lookups by ID for the management use cases. The owner workspace is found first and every
 * read then goes through it; a knowledge base, document or chunk the caller may not read is
 * the same 404 as one that does not exist, so IDs of other workspaces cannot be probed.
 */
const byWorkspace = (found: { workspaceId: string }) => ({ workspaceId: found.workspaceId });

/** By ID, or by its exact name in `workspaceId` (an ID is tried first: a name may look like one). */
export async function lookupKnowledgeBase(deps: CoreDeps, principal: Principal, idOrName: string, workspaceId?: string): Promise<KnowledgeBase> {
  const repo = deps.repos.knowledgeBases;
  let found: KnowledgeBase | undefined;
  if (KNOWLEDGE_BASE_ID_PATTERN.test(idOrName)) {
    const owner = workspaceId ?? (await repo.workspaceOf(idOrName));
    found = owner === undefined ? undefined : await repo.find(owner, idOrName);
  }
  if (!found && workspaceId !== undefined) found = await repo.findByName(workspaceId, idOrName);
  return authorizeLookup(principal, "knowledge.read", found, byWorkspace, () => notFound("Knowledge base", idOrName));
}

export async function lookupDocument(deps: CoreDeps, principal: Principal, documentId: string): Promise<KnowledgeDocument> {
  const repo = deps.repos.knowledgeDocuments;
  const owner = DOCUMENT_ID_PATTERN.test(documentId) ? await repo.workspaceOf(documentId) : undefined;
  const found = owner === undefined ? undefined : await repo.find(owner, documentId);
  return authorizeLookup(principal, "knowledge.read", found, byWorkspace, () => notFound("Document", documentId));
}

export async function lookupChunk(deps: CoreDeps, principal: Principal, chunkId: string): Promise<KnowledgeChunk> {
  const repo = deps.repos.knowledgeChunks;
  const owner = CHUNK_ID_PATTERN.test(chunkId) ? await repo.workspaceOf(chunkId) : undefined;
  const found = owner === undefined ? undefined : await repo.find(owner, chunkId);
  return authorizeLookup(principal, "knowledge.read", found, byWorkspace, () => notFound("Chunk", chunkId));
}
