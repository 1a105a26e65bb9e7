import { recordAudit } from "../audit/record-audit.js";
import { authorize } from "../auth/authorize.js";
import type { Principal } from "../auth/principal.js";
import type { CoreDeps } from "../context.js";
import { isoNow } from "../ports/clock.js";
import { lookupDocument } from "./knowledge-lookups.js";
import { checkMetadata, checkTags } from "./knowledge-rules.js";
import type { KnowledgeDocument } from "./knowledge-types.js";

/** Replaces a document's tags and/or metadata (each given one replaces the old one whole). No re-index is needed. */
export async function updateDocument(
  deps: CoreDeps,
  principal: Principal,
  documentId: string,
  patch: { tags?: readonly string[]; metadata?: unknown },
): Promise<KnowledgeDocument> {
  const document = await lookupDocument(deps, principal, documentId);
  authorize(principal, "knowledge.write", { workspaceId: document.workspaceId });
  const tags = patch.tags !== undefined ? checkTags(patch.tags) : undefined;
  const metadata = patch.metadata !== undefined ? checkMetadata(patch.metadata) : undefined;
  await deps.repos.knowledgeDocuments.update(document.workspaceId, document.id, {
    ...(tags !== undefined ? { tags } : {}),
    ...(metadata !== undefined ? { metadata } : {}),
    updatedAt: isoNow(deps.clock),
  });
  await recordAudit(deps, principal, {
    action: "knowledge-document.update",
    resourceType: "knowledge-document",
    resourceId: document.id,
    workspaceId: document.workspaceId,
    details: { fields: [...(tags ? ["tags"] : []), ...(metadata ? ["metadata"] : [])] },
  });
  return lookupDocument(deps, principal, document.id);
}
