import { queryOptions } from "@tanstack/react-query";
import { api } from "./client";

/** Providers serve every workspace; members read them through `workspaceId`. */
export const providersQuery = (workspaceId?: string) =>
  queryOptions({
    queryKey: ["providers", "list", workspaceId ?? null],
    queryFn: ({ signal }) => api((c) => c.listProviders(workspaceId ? { workspaceId } : {}), { signal }),
    retry: false,
  });

/** Model IDs grouped by provider, for the model picker; patterns are resolved by the server. */
export const providerModelsQuery = (workspaceId?: string) =>
  queryOptions({
    queryKey: ["providers", "models", workspaceId ?? null],
    queryFn: ({ signal }) => api((c) => c.listProviderModels(workspaceId ? { workspaceId } : {}), { signal }),
    retry: false,
    staleTime: 5 * 60_000,
  });

export const providerStatusQuery = queryOptions({
  queryKey: ["providers", "status"],
  queryFn: ({ signal }) => api((c) => c.providerStatus(), { signal }),
  retry: false,
  staleTime: 60_000,
});

export interface CreateProviderInput {
  name: string;
  baseUrl: string;
  apiKey?: string;
  models: string[];
}
export const createProvider = (input: CreateProviderInput) => api((c) => c.createProvider(input));
export const deleteProvider = (id: string) => api((c) => c.deleteProvider(id));
export const testProvider = (id: string) => api((c) => c.testProvider(id));
