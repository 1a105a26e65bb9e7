import { queryOptions } from "@tanstack/react-query";
import { api } from "./client";
import type { MemoryNode, MemoryStore, Page } from "./types";

const memoryPath = (id: string) => `/memories/${encodeURIComponent(id)}`;

export const memoriesQuery = (workspaceId: string, offset = 0, limit = 50) =>
  queryOptions({
    queryKey: ["memories", { workspaceId, offset, limit }],
    queryFn: ({ signal }) => api<Page<MemoryStore>>("/memories", { query: { workspaceId, offset, limit }, signal }),
    placeholderData: (previous) => previous,
  });

export const memoryQuery = (id: string) =>
  queryOptions({
    queryKey: ["memory", id],
    queryFn: ({ signal }) => api<MemoryStore>(memoryPath(id), { signal }),
  });

export const createMemory = (workspaceId: string, description: string) => api<MemoryStore>("/memories", { method: "POST", body: { workspaceId, description } });
export const deleteMemory = (id: string) => api<{ ok: true }>(memoryPath(id), { method: "DELETE" });

export const memoryNodesQuery = (memoryId: string, offset = 0, limit = 50) =>
  queryOptions({
    queryKey: ["memory-nodes", memoryId, { offset, limit }],
    queryFn: ({ signal }) => api<Page<MemoryNode>>(`${memoryPath(memoryId)}/nodes`, { query: { offset, limit }, signal }),
    placeholderData: (previous) => previous,
  });

export const createMemoryNode = (memoryId: string, content: string) => api<MemoryNode>(`${memoryPath(memoryId)}/nodes`, { method: "POST", body: { content } });
export const updateMemoryNode = (memoryId: string, nodeId: string, content: string) =>
  api<MemoryNode>(`${memoryPath(memoryId)}/nodes/${encodeURIComponent(nodeId)}`, { method: "PATCH", body: { content } });
export const deleteMemoryNode = (memoryId: string, nodeId: string) =>
  api<{ ok: true }>(`${memoryPath(memoryId)}/nodes/${encodeURIComponent(nodeId)}`, { method: "DELETE" });
