import { recordAudit } from "../audit/record-audit.js";
import { authorize } from "../auth/authorize.js";
import type { Principal } from "../auth/principal.js";
import type { CoreDeps } from "../context.js";
import { isoNow } from "../ports/clock.js";
import { checkNameFree } from "./create-knowledge-base.js";
import { lookupKnowledgeBase } from "./knowledge-lookups.js";
import { checkDescription, checkKnowledgeBaseName, checkModelName, resolveChunking } from "./knowledge-rules.js";
import type { ChunkingSettings, KnowledgeBase } from "./knowledge-types.js";

export interface KnowledgeBasePatch {
  name?: string;
  description?: string;
  chunking?: Partial<ChunkingSettings>;
  /** null (or "") removes the model. */
  embeddingModel?: string | null;
  rerankModel?: string | null;
}

/**
 * Renames, describes or changes the settings of a knowledge base. New chunking settings or a
 * new embedding model apply to documents indexed from now on: re-index to apply them to the rest.
 */
export async function updateKnowledgeBase(deps: CoreDeps, principal: Principal, id: string, patch: KnowledgeBasePatch): Promise<KnowledgeBase> {
  const kb = await lookupKnowledgeBase(deps, principal, id);
  authorize(principal, "knowledge.write", { workspaceId: kb.workspaceId });
  const name = patch.name !== undefined ? checkKnowledgeBaseName(patch.name) : undefined;
  if (name !== undefined && name !== kb.name) await checkNameFree(deps, kb.workspaceId, name, kb.id);
  await deps.repos.knowledgeBases.update(kb.workspaceId, kb.id, {
    ...(name !== undefined ? { name } : {}),
    ...(patch.description !== undefined ? { description: checkDescription(patch.description) } : {}),
    ...(patch.chunking !== undefined ? { chunking: resolveChunking(patch.chunking, kb.chunking) } : {}),
    ...(patch.embeddingModel !== undefined ? { embeddingModel: checkModelName("embeddingModel", patch.embeddingModel) } : {}),
    ...(patch.rerankModel !== undefined ? { rerankModel: checkModelName("rerankModel", patch.rerankModel) } : {}),
    updatedAt: isoNow(deps.clock),
  });
  await recordAudit(deps, principal, {
    action: "knowledge-base.update",
    resourceType: "knowledge-base",
    resourceId: kb.id,
    workspaceId: kb.workspaceId,
    details: { fields: Object.keys(patch).filter((k) => patch[k as keyof KnowledgeBasePatch] !== undefined) },
  });
  return lookupKnowledgeBase(deps, principal, kb.id);
}
