import { errorResponses, Memories, Ok, pageOf } from "@appstudio/contracts";
import {
  createMemory,
  createMemoryNode,
  deleteMemory,
  deleteMemoryNode,
  getMemory,
  getMemoryNode,
  listMemories,
  listMemoryNodes,
  updateMemory,
  updateMemoryNode,
} from "@appstudio/core";
import type { Container } from "../../../container.js";
import type { TypedApp } from "./types.js";

/** Long-term memory stores and their nodes, in the shape of Model Studio's memory API. */
export function memoryRoutes(app: TypedApp, container: Container) {
  const deps = container.core;
  const tags = ["Long-term memory"];

  app.get(
    "/memories",
    {
      schema: {
        tags,
        summary: "List memories (of a workspace, or of every workspace you belong to), newest first",
        querystring: Memories.MemoryQuery,
        response: { 200: pageOf(Memories.Memory), ...errorResponses },
      },
    },
    async (request) => {
      const { limit, offset, workspaceId } = request.query;
      return listMemories(deps, request.principal, { limit: limit ?? 20, offset: offset ?? 0, ...(workspaceId ? { workspaceId } : {}) });
    },
  );

  app.post(
    "/memories",
    {
      schema: {
        tags,
        summary: "Create a memory; pass its ID as input.memory_id when calling an agent with long-term memory",
        body: Memories.CreateMemoryBody,
        response: { 201: Memories.Memory, ...errorResponses },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return createMemory(deps, request.principal, request.body);
    },
  );

  app.get(
    "/memories/:id",
    { schema: { tags, summary: "Get a memory", params: Memories.MemoryParam, response: { 200: Memories.Memory, ...errorResponses } } },
    async (request) => getMemory(deps, request.principal, request.params.id),
  );

  app.patch(
    "/memories/:id",
    {
      schema: {
        tags,
        summary: "Change a memory's description",
        params: Memories.MemoryParam,
        body: Memories.UpdateMemoryBody,
        response: { 200: Memories.Memory, ...errorResponses },
      },
    },
    async (request) => updateMemory(deps, request.principal, request.params.id, request.body),
  );

  app.delete(
    "/memories/:id",
    { schema: { tags, summary: "Delete a memory and everything it remembers", params: Memories.MemoryParam, response: { 200: Ok, ...errorResponses } } },
    async (request) => {
      await deleteMemory(deps, request.principal, request.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    "/memories/:id/nodes",
    {
      schema: {
        tags,
        summary: "List a memory's nodes, oldest first",
        params: Memories.MemoryParam,
        querystring: Memories.NodeQuery,
        response: { 200: pageOf(Memories.MemoryNode), ...errorResponses },
      },
    },
    async (request) => listMemoryNodes(deps, request.principal, request.params.id, { limit: request.query.limit ?? 20, offset: request.query.offset ?? 0 }),
  );

  app.post(
    "/memories/:id/nodes",
    {
      schema: {
        tags,
        summary: "Add a fact to a memory",
        params: Memories.MemoryParam,
        body: Memories.NodeBody,
        response: { 201: Memories.MemoryNode, ...errorResponses },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return createMemoryNode(deps, request.principal, request.params.id, request.body);
    },
  );

  app.get(
    "/memories/:id/nodes/:nodeId",
    { schema: { tags, summary: "Get a memory node", params: Memories.NodeParam, response: { 200: Memories.MemoryNode, ...errorResponses } } },
    async (request) => getMemoryNode(deps, request.principal, request.params.id, request.params.nodeId),
  );

  app.patch(
    "/memories/:id/nodes/:nodeId",
    {
      schema: {
        tags,
        summary: "Rewrite a memory node",
        params: Memories.NodeParam,
        body: Memories.NodeBody,
        response: { 200: Memories.MemoryNode, ...errorResponses },
      },
    },
    async (request) => updateMemoryNode(deps, request.principal, request.params.id, request.params.nodeId, request.body),
  );

  app.delete(
    "/memories/:id/nodes/:nodeId",
    { schema: { tags, summary: "Forget one fact", params: Memories.NodeParam, response: { 200: Ok, ...errorResponses } } },
    async (request) => {
      await deleteMemoryNode(deps, request.principal, request.params.id, request.params.nodeId);
      return { ok: true as const };
    },
  );
}
