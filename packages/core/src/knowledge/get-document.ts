import type { Principal } from "../auth/principal.js";
import type { CoreDeps } from "../context.js";
import { notFound } from "../errors.js";
import { lookupDocument } from "./knowledge-lookups.js";
import type { KnowledgeDocument } from "./knowledge-types.js";

/** A document by ID; one the caller may not read is a 404, exactly as a missing one. */
export function getDocument(deps: CoreDeps, principal: Principal, documentId: string): Promise<KnowledgeDocument> {
  return lookupDocument(deps, principal, documentId);
}

/** The original bytes of a document, as uploaded, with what a download needs. */
export async function readDocumentFile(
  deps: CoreDeps,
  principal: Principal,
  documentId: string,
): Promise<{ document: KnowledgeDocument; content: Uint8Array }> {
  const document = await lookupDocument(deps, principal, documentId);
  const content = await deps.repos.knowledgeDocuments.readContent(document.workspaceId, document.id);
  // Deleted between the two reads.
  if (!content) throw notFound("Document", documentId);
  return { document, content };
}
