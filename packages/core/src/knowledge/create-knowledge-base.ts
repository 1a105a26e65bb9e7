import { recordAudit } from "../audit/record-audit.js";
import { authorize } from "../auth/authorize.js";
import type { Principal } from "../auth/principal.js";
import type { CoreDeps } from "../context.js";
import { AppError } from "../errors.js";
import { newKnowledgeBaseId } from "../ids.js";
import { isoNow } from "../ports/clock.js";
import { getWorkspace } from "../workspaces/manage-workspaces.js";
import { checkDescription, checkKnowledgeBaseName, checkModelName, resolveChunking } from "./knowledge-rules.js";
import type { ChunkingSettings, KnowledgeBase } from "./knowledge-types.js";

export interface KnowledgeBaseInput {
  workspaceId: string;
  name: string;
  description?: string;
  chunking?: Partial<ChunkingSettings>;
  embeddingModel?: string | null;
  rerankModel?: string | null;
}

/** Creates an empty knowledge base; its name is unique in the workspace. */
export async function createKnowledgeBase(deps: CoreDeps, principal: Principal, input: KnowledgeBaseInput): Promise<KnowledgeBase> {
  authorize(principal, "knowledge.write", { workspaceId: input.workspaceId });
  await getWorkspace(deps, principal, input.workspaceId);
  const name = checkKnowledgeBaseName(input.name);
  await checkNameFree(deps, input.workspaceId, name);
  const now = isoNow(deps.clock);
  const kb = {
    id: newKnowledgeBaseId(),
    workspaceId: input.workspaceId,
    name,
    description: checkDescription(input.description ?? ""),
    chunking: resolveChunking(input.chunking),
    embeddingModel: checkModelName("embeddingModel", input.embeddingModel),
    rerankModel: checkModelName("rerankModel", input.rerankModel),
    createdBy: principal.userId,
    createdAt: now,
    updatedAt: now,
  };
  await deps.repos.knowledgeBases.create(kb);
  await recordAudit(deps, principal, {
    action: "knowledge-base.create",
    resourceType: "knowledge-base",
    resourceId: kb.id,
    workspaceId: kb.workspaceId,
    details: { name },
  });
  return { ...kb, documentCount: 0, chunkCount: 0, status: "empty" };
}

/** A friendly Conflict before the insert; the unique index still decides a race. */
export async function checkNameFree(deps: CoreDeps, workspaceId: string, name: string, exceptId?: string): Promise<void> {
  const clash = await deps.repos.knowledgeBases.findByName(workspaceId, name);
  if (clash && clash.id !== exceptId) {
    throw new AppError("Conflict", `A knowledge base named '${name}' already exists in this workspace.`, { field: "name", knowledgeBaseId: clash.id });
  }
}
