import { queryOptions } from "@tanstack/react-query";
import { api } from "./client";
import type { ApiKey, CreatedApiKey, Page } from "./types";

export const apiKeysQuery = (workspaceId: string, offset = 0, limit = 50) =>
  queryOptions({
    queryKey: ["api-keys", { workspaceId, offset, limit }],
    queryFn: ({ signal }) => api<Page<ApiKey>>("/api-keys", { query: { workspaceId, offset, limit }, signal }),
    retry: false,
  });

export interface KeyRestrictions {
  ipAllowlist: string[];
  appAllowlist: string[];
}

export const createApiKey = (input: { workspaceId: string; description?: string; scope?: ApiKey["scope"] } & Partial<KeyRestrictions>) =>
  api<CreatedApiKey>("/api-keys", { method: "POST", body: input });
export const updateApiKey = (id: string, input: { description?: string } & Partial<KeyRestrictions>) =>
  api<ApiKey>(`/api-keys/${encodeURIComponent(id)}`, { method: "PATCH", body: input });
export const setApiKeyDisabled = (id: string, disabled: boolean) =>
  api<ApiKey>(`/api-keys/${encodeURIComponent(id)}/${disabled ? "disable" : "enable"}`, { method: "POST" });
export const resetApiKey = (id: string) => api<CreatedApiKey>(`/api-keys/${encodeURIComponent(id)}/reset`, { method: "POST" });
export const deleteApiKey = (id: string) => api<{ ok: true }>(`/api-keys/${encodeURIComponent(id)}`, { method: "DELETE" });
