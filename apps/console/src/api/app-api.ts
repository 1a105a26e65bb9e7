import { queryOptions } from "@tanstack/react-query";
import { api } from "./client";
import type { AgentConfig, App, AppDetail, AppType, AppVersion, Page, WorkflowGraph } from "./types";

export interface AppListFilter {
  workspaceId: string;
  type?: AppType | undefined;
  name?: string | undefined;
  limit?: number;
  offset?: number;
}

export const appsQuery = (filter: AppListFilter) =>
  queryOptions({
    queryKey: ["apps", filter],
    queryFn: ({ signal }) =>
      api<Page<App>>("/apps", {
        query: { workspaceId: filter.workspaceId, type: filter.type, name: filter.name, limit: filter.limit ?? 50, offset: filter.offset ?? 0 },
        signal,
      }),
    placeholderData: (previous) => previous,
  });

export const appQuery = (appId: string) =>
  queryOptions({
    queryKey: ["app", appId],
    queryFn: ({ signal }) => api<AppDetail>(`/apps/${encodeURIComponent(appId)}`, { signal }),
  });

export const versionsQuery = (appId: string) =>
  queryOptions({
    queryKey: ["app", appId, "versions"],
    queryFn: ({ signal }) => api<{ items: AppVersion[] }>(`/apps/${encodeURIComponent(appId)}/versions`, { signal }),
  });

export interface CreateAppInput {
  workspaceId: string;
  type: AppType;
  name: string;
  description?: string;
}
export const createApp = (input: CreateAppInput) => api<AppDetail>("/apps", { method: "POST", body: input });

export interface UpdateAppInput {
  name?: string;
  description?: string;
  config?: AgentConfig | WorkflowGraph;
}
export const updateApp = (appId: string, input: UpdateAppInput) => api<AppDetail>(`/apps/${encodeURIComponent(appId)}`, { method: "PATCH", body: input });
export const deleteApp = (appId: string) => api<{ ok: true }>(`/apps/${encodeURIComponent(appId)}`, { method: "DELETE" });
export const publishApp = (appId: string, note?: string) =>
  api<AppDetail>(`/apps/${encodeURIComponent(appId)}/publish`, { method: "POST", body: note ? { note } : {} });
export const rollbackApp = (appId: string, version: number) =>
  api<AppDetail>(`/apps/${encodeURIComponent(appId)}/rollback`, { method: "POST", body: { version } });
