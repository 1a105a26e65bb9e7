import { queryOptions } from "@tanstack/react-query";
import { api } from "./client";
import type { ApiKey } from "./types";

export const apiKeysQuery = (workspaceId: string, offset = 0, limit = 50) =>
  queryOptions({
    queryKey: ["api-keys", { workspaceId, offset, limit }],
    queryFn: ({ signal }) => api((c) => c.listApiKeys({ workspaceId, offset, limit }), { signal }),
    retry: false,
  });

export interface KeyRestrictions {
  ipAllowlist: string[];
  appAllowlist: string[];
}

export const createApiKey = (input: { workspaceId: string; description?: string; scope?: ApiKey["scope"] } & Partial<KeyRestrictions>) =>
  api((c) => c.createApiKey(input));
export const updateApiKey = (id: string, input: { description?: string } & Partial<KeyRestrictions>) => api((c) => c.updateApiKey(id, input));
export const setApiKeyDisabled = (id: string, disabled: boolean) => api((c) => (disabled ? c.disableApiKey(id) : c.enableApiKey(id)));
export const resetApiKey = (id: string) => api((c) => c.resetApiKey(id));
export const deleteApiKey = (id: string) => api((c) => c.deleteApiKey(id));
