import { queryOptions } from "@tanstack/react-query";
import { api } from "./client";
import type { CreateMcpServiceBody, UpdateMcpServiceBody } from "./types";

export const mcpServicesQuery = (workspaceId: string, offset = 0, limit = 50) =>
  queryOptions({
    queryKey: ["mcp-services", { workspaceId, offset, limit }],
    queryFn: ({ signal }) => api((c) => c.listMcpServices({ workspaceId, offset, limit }), { signal }),
    placeholderData: (previous) => previous,
  });

export const createMcpService = (body: CreateMcpServiceBody) => api((c) => c.createMcpService(body));
export const updateMcpService = (id: string, body: UpdateMcpServiceBody) => api((c) => c.updateMcpService(id, body));
export const deleteMcpService = (id: string) => api((c) => c.deleteMcpService(id));
/** Connects now and lists the server's tools: the connection test. */
export const listMcpServiceTools = (id: string) => api((c) => c.listMcpServiceTools(id));
