import { recordAudit } from "../audit/record-audit.js";
import { authorize } from "../auth/authorize.js";
import type { Principal } from "../auth/principal.js";
import type { CoreDeps } from "../context.js";
import { lookupDocument } from "./knowledge-lookups.js";

/** Deletes a document with its original file, its chunks and its job. */
export async function deleteDocument(deps: CoreDeps, principal: Principal, documentId: string): Promise<void> {
  const document = await lookupDocument(deps, principal, documentId);
  authorize(principal, "knowledge.write", { workspaceId: document.workspaceId });
  await deps.repos.knowledgeDocuments.delete(document.workspaceId, document.id);
  await recordAudit(deps, principal, {
    action: "knowledge-document.delete",
    resourceType: "knowledge-document",
    resourceId: document.id,
    workspaceId: document.workspaceId,
    details: { knowledgeBaseId: document.knowledgeBaseId, name: document.name },
  });
}
