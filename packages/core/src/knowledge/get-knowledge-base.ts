import type { Principal } from "../auth/principal.js";
import type { CoreDeps } from "../context.js";
import { lookupKnowledgeBase } from "./knowledge-lookups.js";
import type { KnowledgeBase } from "./knowledge-types.js";

/**
 * A knowledge base by ID, or by its name together with `workspaceId`. One the caller may not
 * read is a 404, exactly as a missing one.
 */
export function getKnowledgeBase(deps: CoreDeps, principal: Principal, idOrName: string, workspaceId?: string): Promise<KnowledgeBase> {
  return lookupKnowledgeBase(deps, principal, idOrName, workspaceId);
}
