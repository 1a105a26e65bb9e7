import { queryOptions } from "@tanstack/react-query";
import { api } from "./client";
import type { Provider, ProviderModels, ProviderStatus, ProviderTestResult } from "./types";

/** Providers serve every workspace; members read them through `workspaceId`. */
export const providersQuery = (workspaceId?: string) =>
  queryOptions({
    queryKey: ["providers", "list", workspaceId ?? null],
    queryFn: ({ signal }) => api<{ items: Provider[] }>("/providers", { query: { workspaceId }, signal }),
    retry: false,
  });

/** Model IDs grouped by provider, for the model picker; patterns are resolved by the server. */
export const providerModelsQuery = (workspaceId?: string) =>
  queryOptions({
    queryKey: ["providers", "models", workspaceId ?? null],
    queryFn: ({ signal }) => api<ProviderModels>("/providers/models", { query: { workspaceId }, signal }),
    retry: false,
    staleTime: 5 * 60_000,
  });

export const providerStatusQuery = queryOptions({
  queryKey: ["providers", "status"],
  queryFn: ({ signal }) => api<ProviderStatus>("/providers/status", { signal }),
  retry: false,
  staleTime: 60_000,
});

export interface CreateProviderInput {
  name: string;
  baseUrl: string;
  apiKey?: string;
  models: string[];
}
export const createProvider = (input: CreateProviderInput) => api<Provider>("/providers", { method: "POST", body: input });
export const deleteProvider = (id: string) => api<unknown>(`/providers/${encodeURIComponent(id)}`, { method: "DELETE" });
export const testProvider = (id: string) => api<ProviderTestResult>(`/providers/${encodeURIComponent(id)}/test`, { method: "POST" });
