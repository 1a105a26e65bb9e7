import { queryOptions } from "@tanstack/react-query";
import { api } from "./client";
import type { AgentConfig, AppType, WorkflowGraph } from "./types";

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
      api(
        (c) =>
          c.listApps({
            workspaceId: filter.workspaceId,
            ...(filter.type ? { type: filter.type } : {}),
            ...(filter.name ? { name: filter.name } : {}),
            limit: filter.limit ?? 50,
            offset: filter.offset ?? 0,
          }),
        { signal },
      ),
    placeholderData: (previous) => previous,
  });

export const appQuery = (appId: string) =>
  queryOptions({
    queryKey: ["app", appId],
    queryFn: ({ signal }) => api((c) => c.getApp(appId), { signal }),
  });

export const versionsQuery = (appId: string) =>
  queryOptions({
    queryKey: ["app", appId, "versions"],
    queryFn: ({ signal }) => api((c) => c.listVersions(appId), { signal }),
  });

export interface CreateAppInput {
  workspaceId: string;
  type: AppType;
  name: string;
  description?: string;
}
export const createApp = (input: CreateAppInput) => api((c) => c.createApp(input));

export interface UpdateAppInput {
  name?: string;
  description?: string;
  config?: AgentConfig | WorkflowGraph;
}
export const updateApp = (appId: string, input: UpdateAppInput) => api((c) => c.updateApp(appId, input));
export const deleteApp = (appId: string) => api((c) => c.deleteApp(appId));
export const publishApp = (appId: string, note?: string) => api((c) => c.publishApp(appId, note || undefined));
export const rollbackApp = (appId: string, version: number) => api((c) => c.rollbackApp(appId, version));
