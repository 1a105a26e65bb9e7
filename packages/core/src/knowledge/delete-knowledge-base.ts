import { recordAudit } from "../audit/record-audit.js";
import { authorize } from "../auth/authorize.js";
import type { Principal } from "../auth/principal.js";
import type { CoreDeps } from "../context.js";
import { lookupKnowledgeBase } from "./knowledge-lookups.js";

/** Deletes a knowledge base with all its documents, original files, chunks and jobs. */
export async function deleteKnowledgeBase(deps: CoreDeps, principal: Principal, id: string): Promise<void> {
  const kb = await lookupKnowledgeBase(deps, principal, id);
  authorize(principal, "knowledge.write", { workspaceId: kb.workspaceId });
  await deps.repos.knowledgeBases.delete(kb.workspaceId, kb.id);
  await recordAudit(deps, principal, {
    action: "knowledge-base.delete",
    resourceType: "knowledge-base",
    resourceId: kb.id,
    workspaceId: kb.workspaceId,
    details: { name: kb.name, documentCount: kb.documentCount },
  });
}
