import {
  createMemory,
  createMemoryNode,
  deleteMemory,
  deleteMemoryNode,
  getMemory,
  getMemoryNode,
  listMemories,
  listMemoryNodes,
  type Memory,
  notFound,
  updateMemory,
  updateMemoryNode,
} from "@appstudio/core";
import type { AcsCall, AcsOperation } from "../acs-operation.js";
import { nextTokenAfter, optionalText, requiredText, tokenPageOf } from "./bailian-envelope.js";
import { inWorkspace, scopedWorkspace } from "./workspace-scope.js";

/**
 * Bailian's memory operations over core's memories (the stores app calls name with
 * `input.memory_id`). Upstream answers these flat, with `requestId` beside the fields, and
 * sends every input in the query string.
 */
const version = "2023-12-29";
const memories = "/:workspaceId/memories";
const memory = `${memories}/:memoryId`;
const nodes = `${memory}/memoryNodes`;
const node = `${nodes}/:memoryNodeId`;

async function findMemory(call: AcsCall, workspaceId: string): Promise<Memory> {
  const memoryId = call.params.memoryId ?? "";
  const found = await getMemory(call.container.core, call.principal, memoryId);
  return inWorkspace(found, workspaceId, () => notFound("Memory", memoryId));
}

const memoryOperations: AcsOperation[] = [
  {
    action: "CreateMemory",
    version,
    method: "POST",
    path: memories,
    async handle(call) {
      const workspaceId = await scopedWorkspace(call);
      const description = optionalText(call.query.description, "description");
      const created = await createMemory(call.container.core, call.principal, { workspaceId, ...(description !== undefined ? { description } : {}) });
      return { requestId: call.requestId, memoryId: created.id };
    },
  },
  {
    action: "ListMemories",
    version,
    method: "GET",
    path: memories,
    async handle(call) {
      const workspaceId = await scopedWorkspace(call);
      const page = tokenPageOf(call.query.maxResults, call.query.nextToken);
      const found = await listMemories(call.container.core, call.principal, { workspaceId, ...page });
      const nextToken = nextTokenAfter(found);
      return {
        requestId: call.requestId,
        workspaceId,
        memories: found.items.map((m) => ({ memoryId: m.id, description: m.description })),
        maxResults: page.limit,
        totalCount: found.total,
        ...(nextToken ? { nextToken } : {}),
      };
    },
  },
  {
    action: "GetMemory",
    version,
    method: "GET",
    path: memory,
    async handle(call) {
      const found = await findMemory(call, await scopedWorkspace(call));
      return { requestId: call.requestId, memoryId: found.id, description: found.description, workspaceId: found.workspaceId };
    },
  },
  {
    action: "UpdateMemory",
    version,
    method: "PUT",
    path: memory,
    async handle(call) {
      const found = await findMemory(call, await scopedWorkspace(call));
      await updateMemory(call.container.core, call.principal, found.id, {
        description: optionalText(call.query.description, "description") ?? found.description,
      });
      return { requestId: call.requestId };
    },
  },
  {
    action: "DeleteMemory",
    version,
    method: "DELETE",
    path: memory,
    async handle(call) {
      const found = await findMemory(call, await scopedWorkspace(call));
      await deleteMemory(call.container.core, call.principal, found.id);
      return { requestId: call.requestId };
    },
  },
];

const memoryNodeOperations: AcsOperation[] = [
  {
    action: "CreateMemoryNode",
    version,
    method: "POST",
    path: nodes,
    async handle(call) {
      const found = await findMemory(call, await scopedWorkspace(call));
      const created = await createMemoryNode(call.container.core, call.principal, found.id, { content: requiredText(call.query.content, "content") });
      return { requestId: call.requestId, memoryNodeId: created.id };
    },
  },
  {
    action: "ListMemoryNodes",
    version,
    method: "GET",
    path: nodes,
    async handle(call) {
      const found = await findMemory(call, await scopedWorkspace(call));
      const page = tokenPageOf(call.query.maxResults, call.query.nextToken);
      const listed = await listMemoryNodes(call.container.core, call.principal, found.id, page);
      const nextToken = nextTokenAfter(listed);
      return {
        requestId: call.requestId,
        memoryNodes: listed.items.map((n) => ({ memoryNodeId: n.id, content: n.content })),
        maxResults: page.limit,
        totalCount: listed.total,
        ...(nextToken ? { nextToken } : {}),
      };
    },
  },
  {
    action: "GetMemoryNode",
    version,
    method: "GET",
    path: node,
    async handle(call) {
      const found = await findMemory(call, await scopedWorkspace(call));
      const n = await getMemoryNode(call.container.core, call.principal, found.id, call.params.memoryNodeId ?? "");
      return { requestId: call.requestId, memoryId: n.memoryId, memoryNodeId: n.id, content: n.content, workspaceId: n.workspaceId };
    },
  },
  {
    action: "UpdateMemoryNode",
    version,
    method: "PUT",
    path: node,
    async handle(call) {
      const found = await findMemory(call, await scopedWorkspace(call));
      const content = requiredText(call.query.content, "content");
      await updateMemoryNode(call.container.core, call.principal, found.id, call.params.memoryNodeId ?? "", { content });
      return { requestId: call.requestId };
    },
  },
  {
    action: "DeleteMemoryNode",
    version,
    method: "DELETE",
    path: node,
    async handle(call) {
      const found = await findMemory(call, await scopedWorkspace(call));
      await deleteMemoryNode(call.container.core, call.principal, found.id, call.params.memoryNodeId ?? "");
      return { requestId: call.requestId };
    },
  },
];

export const bailianMemoryOperations: AcsOperation[] = [...memoryOperations, ...memoryNodeOperations];
