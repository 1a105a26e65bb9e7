import { queryOptions } from "@tanstack/react-query";
import { api } from "./client";

export interface CallLogFilter {
  workspaceId: string;
  appId?: string | undefined;
  status?: "success" | "error" | undefined;
  source?: "api" | "openai" | "mcp" | "console" | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit?: number;
  offset?: number;
}

export const callLogsQuery = (filter: CallLogFilter) =>
  queryOptions({
    queryKey: ["call-logs", filter],
    queryFn: ({ signal }) => api((c) => c.listCallLogs({ ...filter, limit: filter.limit ?? 20, offset: filter.offset ?? 0 }), { signal }),
    placeholderData: (previous) => previous,
    retry: false,
  });

export interface StatsFilter {
  workspaceId: string;
  appId?: string | undefined;
  from: string;
  to: string;
  bucket: "hour" | "day";
}

export const callStatsQuery = (filter: StatsFilter) =>
  queryOptions({
    queryKey: ["call-stats", filter],
    queryFn: ({ signal }) => api((c) => c.callLogStats(filter), { signal }),
    placeholderData: (previous) => previous,
    retry: false,
  });

export const auditQuery = (workspaceId: string, offset = 0) =>
  queryOptions({
    queryKey: ["audit", { workspaceId, offset }],
    queryFn: ({ signal }) => api((c) => c.listAuditEvents({ workspaceId, offset, limit: 20 }), { signal }),
    placeholderData: (previous) => previous,
    retry: false,
  });
