import { recordAudit } from "../audit/record-audit.js";
import { authorize } from "../auth/authorize.js";
import type { Principal } from "../auth/principal.js";
import type { CoreDeps } from "../context.js";
import { isoNow } from "../ports/clock.js";
import { lookupDocument, lookupKnowledgeBase } from "./knowledge-lookups.js";
import type { KnowledgeDocument } from "./knowledge-types.js";

/**
 * Queues a document for ingestion again (after a settings change, or to retry a failure). The
 * status is set first: a worker that takes the job at once moves it on, never back. The old
 * chunks stay searchable until the new ones replace them.
 */
async function requeue(deps: CoreDeps, document: Pick<KnowledgeDocument, "id" | "workspaceId">, at: string): Promise<void> {
  await deps.repos.knowledgeDocuments.setStatus(document.id, "queued", { error: null, updatedAt: at });
  await deps.repos.knowledgeJobs.enqueue(document.id, document.workspaceId, at);
}

export async function reindexDocument(deps: CoreDeps, principal: Principal, documentId: string): Promise<KnowledgeDocument> {
  const document = await lookupDocument(deps, principal, documentId);
  authorize(principal, "knowledge.write", { workspaceId: document.workspaceId });
  await requeue(deps, document, isoNow(deps.clock));
  await recordAudit(deps, principal, {
    action: "knowledge-document.reindex",
    resourceType: "knowledge-document",
    resourceId: document.id,
    workspaceId: document.workspaceId,
    details: { knowledgeBaseId: document.knowledgeBaseId },
  });
  return lookupDocument(deps, principal, document.id);
}

const PAGE = 200;

/** Queues every document of a knowledge base again; returns how many. */
export async function reindexKnowledgeBase(deps: CoreDeps, principal: Principal, idOrName: string, workspaceId?: string): Promise<{ queued: number }> {
  const kb = await lookupKnowledgeBase(deps, principal, idOrName, workspaceId);
  authorize(principal, "knowledge.write", { workspaceId: kb.workspaceId });
  const at = isoNow(deps.clock);
  let queued = 0;
  // Requeueing changes statuses, not the order (newest first), so paging by offset sees each document once.
  for (let offset = 0; ; offset += PAGE) {
    const page = await deps.repos.knowledgeDocuments.list({ workspaceId: kb.workspaceId, knowledgeBaseId: kb.id, limit: PAGE, offset });
    for (const document of page.items) await requeue(deps, document, at);
    queued += page.items.length;
    if (page.items.length < PAGE) break;
  }
  await recordAudit(deps, principal, {
    action: "knowledge-base.reindex",
    resourceType: "knowledge-base",
    resourceId: kb.id,
    workspaceId: kb.workspaceId,
    details: { queued },
  });
  return { queued };
}
