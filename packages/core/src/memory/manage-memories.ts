import { recordAudit } from "../audit/record-audit.js";
import { authorize, authorizeLookup } from "../auth/authorize.js";
import { isSuperAdmin, type Principal } from "../auth/principal.js";
import type { CoreDeps } from "../context.js";
import { invalidField, notFound } from "../errors.js";
import { MEMORY_ID_PATTERN, newMemoryId } from "../ids.js";
import { isoNow } from "../ports/clock.js";
import type { Page, PageRequest } from "../ports/page.js";
import { getWorkspace } from "../workspaces/manage-workspaces.js";
import { MAX_MEMORY_DESCRIPTION, type Memory } from "./memory-types.js";

function checkDescription(description: string): string {
  if (description.length > MAX_MEMORY_DESCRIPTION) throw invalidField("description", `must be at most ${MAX_MEMORY_DESCRIPTION} characters long`);
  return description;
}

/** Memories of one workspace, or of every workspace the caller belongs to. */
export async function listMemories(deps: CoreDeps, principal: Principal, query: PageRequest & { workspaceId?: string }): Promise<Page<Memory>> {
  if (query.workspaceId) {
    authorize(principal, "memory.read", { workspaceId: query.workspaceId });
    return deps.repos.memories.list({ limit: query.limit, offset: query.offset, workspaceIds: [query.workspaceId] });
  }
  if (isSuperAdmin(principal)) return deps.repos.memories.list({ limit: query.limit, offset: query.offset });
  return deps.repos.memories.list({ limit: query.limit, offset: query.offset, workspaceIds: [...principal.memberships.keys()] });
}

/** A memory the caller may not read is a 404, exactly as a missing one. */
export async function getMemory(deps: CoreDeps, principal: Principal, memoryId: string): Promise<Memory> {
  const memory = MEMORY_ID_PATTERN.test(memoryId) ? await deps.repos.memories.findById(memoryId) : undefined;
  return authorizeLookup(
    principal,
    "memory.read",
    memory,
    (found) => ({ workspaceId: found.workspaceId }),
    () => notFound("Memory", memoryId),
  );
}

export async function createMemory(deps: CoreDeps, principal: Principal, input: { workspaceId: string; description?: string }): Promise<Memory> {
  authorize(principal, "memory.write", { workspaceId: input.workspaceId });
  await getWorkspace(deps, principal, input.workspaceId);
  const now = isoNow(deps.clock);
  const memory = {
    id: newMemoryId(),
    workspaceId: input.workspaceId,
    description: checkDescription(input.description ?? ""),
    createdBy: principal.userId,
    createdAt: now,
    updatedAt: now,
  };
  await deps.repos.memories.create(memory);
  await recordAudit(deps, principal, { action: "memory.create", resourceType: "memory", resourceId: memory.id, workspaceId: memory.workspaceId });
  return { ...memory, nodeCount: 0 };
}

export async function updateMemory(deps: CoreDeps, principal: Principal, memoryId: string, input: { description: string }): Promise<Memory> {
  const memory = await getMemory(deps, principal, memoryId);
  authorize(principal, "memory.write", { workspaceId: memory.workspaceId });
  await deps.repos.memories.update(memory.workspaceId, memory.id, { description: checkDescription(input.description), updatedAt: isoNow(deps.clock) });
  return getMemory(deps, principal, memory.id);
}

/** Deletes the memory and every node in it: how an end user's remembered facts are erased. */
export async function deleteMemory(deps: CoreDeps, principal: Principal, memoryId: string): Promise<void> {
  const memory = await getMemory(deps, principal, memoryId);
  authorize(principal, "memory.write", { workspaceId: memory.workspaceId });
  await deps.repos.memories.delete(memory.workspaceId, memory.id);
  await recordAudit(deps, principal, {
    action: "memory.delete",
    resourceType: "memory",
    resourceId: memory.id,
    workspaceId: memory.workspaceId,
    details: { nodeCount: memory.nodeCount },
  });
}
