import { authorize } from "../auth/authorize.js";
import type { Principal } from "../auth/principal.js";
import type { CoreDeps } from "../context.js";
import { invalidField } from "../errors.js";
import type { Page, PageRequest } from "../ports/page.js";
import type { KnowledgeBase } from "./knowledge-types.js";

/** Knowledge bases of one workspace, newest first, with their document and chunk counts. */
export async function listKnowledgeBases(
  deps: CoreDeps,
  principal: Principal,
  query: PageRequest & { workspaceId?: string; name?: string },
): Promise<Page<KnowledgeBase>> {
  const { workspaceId } = query;
  if (!workspaceId) throw invalidField("workspaceId", "is required: knowledge bases are listed per workspace");
  authorize(principal, "knowledge.read", { workspaceId });
  return deps.repos.knowledgeBases.list({ workspaceId, limit: query.limit, offset: query.offset, ...(query.name ? { name: query.name } : {}) });
}
