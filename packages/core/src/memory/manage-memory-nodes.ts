import { authorize } from "../auth/authorize.js";
import type { Principal } from "../auth/principal.js";
import type { CoreDeps } from "../context.js";
import { AppError, invalidField, notFound } from "../errors.js";
import { MEMORY_ID_PATTERN, newMemoryNodeId } from "../ids.js";
import { isoNow } from "../ports/clock.js";
import type { Page, PageRequest } from "../ports/page.js";
import { getMemory } from "./manage-memories.js";
import { MAX_MEMORY_NODE_CONTENT, MAX_MEMORY_NODES, type MemoryNode } from "./memory-types.js";

function checkContent(content: string): string {
  const trimmed = content.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_MEMORY_NODE_CONTENT) throw invalidField("content", `must be 1-${MAX_MEMORY_NODE_CONTENT} characters long`);
  return trimmed;
}

export async function listMemoryNodes(deps: CoreDeps, principal: Principal, memoryId: string, page: PageRequest): Promise<Page<MemoryNode>> {
  const memory = await getMemory(deps, principal, memoryId);
  return deps.repos.memories.listNodes({ ...page, workspaceId: memory.workspaceId, memoryId: memory.id });
}

export async function getMemoryNode(deps: CoreDeps, principal: Principal, memoryId: string, nodeId: string): Promise<MemoryNode> {
  const memory = await getMemory(deps, principal, memoryId);
  const node = MEMORY_ID_PATTERN.test(nodeId) ? await deps.repos.memories.findNode(memory.workspaceId, memory.id, nodeId) : undefined;
  if (!node) throw notFound("Memory node", nodeId);
  return node;
}

export async function createMemoryNode(deps: CoreDeps, principal: Principal, memoryId: string, input: { content: string }): Promise<MemoryNode> {
  const memory = await getMemory(deps, principal, memoryId);
  authorize(principal, "memory.write", { workspaceId: memory.workspaceId });
  const content = checkContent(input.content);
  if (memory.nodeCount >= MAX_MEMORY_NODES) {
    throw new AppError("LimitExceeded", `Memory '${memory.id}' already holds ${MAX_MEMORY_NODES} nodes; delete some first.`, { limit: MAX_MEMORY_NODES });
  }
  const now = isoNow(deps.clock);
  const node: MemoryNode = { id: newMemoryNodeId(), memoryId: memory.id, workspaceId: memory.workspaceId, content, createdAt: now, updatedAt: now };
  await deps.repos.memories.createNodes([node]);
  await deps.repos.memories.touch(memory.workspaceId, memory.id, now);
  return node;
}

export async function updateMemoryNode(
  deps: CoreDeps,
  principal: Principal,
  memoryId: string,
  nodeId: string,
  input: { content: string },
): Promise<MemoryNode> {
  const node = await getMemoryNode(deps, principal, memoryId, nodeId);
  authorize(principal, "memory.write", { workspaceId: node.workspaceId });
  const now = isoNow(deps.clock);
  await deps.repos.memories.updateNode(node.workspaceId, node.memoryId, node.id, { content: checkContent(input.content), updatedAt: now });
  await deps.repos.memories.touch(node.workspaceId, node.memoryId, now);
  return getMemoryNode(deps, principal, memoryId, nodeId);
}

export async function deleteMemoryNode(deps: CoreDeps, principal: Principal, memoryId: string, nodeId: string): Promise<void> {
  const node = await getMemoryNode(deps, principal, memoryId, nodeId);
  authorize(principal, "memory.write", { workspaceId: node.workspaceId });
  await deps.repos.memories.deleteNode(node.workspaceId, node.memoryId, node.id);
  await deps.repos.memories.touch(node.workspaceId, node.memoryId, isoNow(deps.clock));
}
