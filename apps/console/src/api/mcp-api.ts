import { queryOptions } from "@tanstack/react-query";
import { api } from "./client";
import type { McpService, McpServiceInput, McpServicePatch, McpToolListing, Page } from "./types";

const servicePath = (id: string) => `/mcp-services/${encodeURIComponent(id)}`;

export const mcpServicesQuery = (workspaceId: string, offset = 0, limit = 50) =>
  queryOptions({
    queryKey: ["mcp-services", { workspaceId, offset, limit }],
    queryFn: ({ signal }) => api<Page<McpService>>("/mcp-services", { query: { workspaceId, offset, limit }, signal }),
    placeholderData: (previous) => previous,
  });

export const createMcpService = (body: McpServiceInput) => api<McpService>("/mcp-services", { method: "POST", body });
export const updateMcpService = (id: string, body: McpServicePatch) => api<McpService>(servicePath(id), { method: "PATCH", body });
export const deleteMcpService = (id: string) => api<{ ok: true }>(servicePath(id), { method: "DELETE" });
/** Connects now and lists the server's tools: the connection test. */
export const listMcpServiceTools = (id: string) => api<McpToolListing>(`${servicePath(id)}/tools`);
