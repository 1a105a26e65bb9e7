import type { Principal } from "../auth/principal.js";
import type { CoreDeps } from "../context.js";
import type { Page, PageRequest } from "../ports/page.js";
import { lookupKnowledgeBase } from "./knowledge-lookups.js";
import type { DocumentStatus, KnowledgeDocument } from "./knowledge-types.js";

export interface DocumentFilter {
  status?: DocumentStatus;
  /** Documents carrying this tag. */
  tag?: string;
  /** Name contains this text (case-insensitive). */
  name?: string;
}

/** Documents of a knowledge base, newest first. */
export async function listDocuments(
  deps: CoreDeps,
  principal: Principal,
  knowledgeBase: string,
  query: PageRequest & DocumentFilter & { workspaceId?: string },
): Promise<Page<KnowledgeDocument>> {
  const kb = await lookupKnowledgeBase(deps, principal, knowledgeBase, query.workspaceId);
  return deps.repos.knowledgeDocuments.list({
    workspaceId: kb.workspaceId,
    knowledgeBaseId: kb.id,
    limit: query.limit,
    offset: query.offset,
    ...(query.status ? { status: query.status } : {}),
    ...(query.tag ? { tag: query.tag } : {}),
    ...(query.name ? { name: query.name } : {}),
  });
}
