import { queryOptions } from "@tanstack/react-query";
import { api } from "./client";

export const memoriesQuery = (workspaceId: string, offset = 0, limit = 50) =>
  queryOptions({
    queryKey: ["memories", { workspaceId, offset, limit }],
    queryFn: ({ signal }) => api((c) => c.listMemories({ workspaceId, offset, limit }), { signal }),
    placeholderData: (previous) => previous,
  });

export const memoryQuery = (id: string) =>
  queryOptions({
    queryKey: ["memory", id],
    queryFn: ({ signal }) => api((c) => c.getMemory(id), { signal }),
  });

export const createMemory = (workspaceId: string, description: string) => api((c) => c.createMemory({ workspaceId, description }));
export const deleteMemory = (id: string) => api((c) => c.deleteMemory(id));

export const memoryNodesQuery = (memoryId: string, offset = 0, limit = 50) =>
  queryOptions({
    queryKey: ["memory-nodes", memoryId, { offset, limit }],
    queryFn: ({ signal }) => api((c) => c.listMemoryNodes(memoryId, { offset, limit }), { signal }),
    placeholderData: (previous) => previous,
  });

export const createMemoryNode = (memoryId: string, content: string) => api((c) => c.createMemoryNode(memoryId, { content }));
export const updateMemoryNode = (memoryId: string, nodeId: string, content: string) => api((c) => c.updateMemoryNode(memoryId, nodeId, { content }));
export const deleteMemoryNode = (memoryId: string, nodeId: string) => api((c) => c.deleteMemoryNode(memoryId, nodeId));
