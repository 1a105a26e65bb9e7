import { queryOptions } from "@tanstack/react-query";
import { api } from "./client";
import type { WorkflowRun, WorkflowRunStatus } from "./types";

export interface RunListFilter {
  status?: WorkflowRunStatus | undefined;
  requestId?: string | undefined;
  limit?: number;
  offset?: number;
}

/** Runs of a workflow app, newest first (the run inspector's list). */
export const runsQuery = (appId: string, filter: RunListFilter = {}) =>
  queryOptions({
    queryKey: ["app", appId, "runs", filter],
    queryFn: ({ signal }) =>
      api(
        (c) =>
          c.listWorkflowRuns(appId, {
            ...(filter.status ? { status: filter.status } : {}),
            ...(filter.requestId ? { requestId: filter.requestId } : {}),
            limit: filter.limit ?? 20,
            offset: filter.offset ?? 0,
          }),
        { signal },
      ),
    placeholderData: (previous) => previous,
  });

/** One run with its node runs in start order. */
export const runQuery = (runId: string) =>
  queryOptions({
    queryKey: ["run", runId],
    queryFn: ({ signal }) => api((c) => c.getWorkflowRun(runId), { signal }),
    // A run still in progress is polled until it settles.
    refetchInterval: (query) => (query.state.data?.status === "running" ? 1000 : false),
  });

/**
 * The run of an app call, found by the call's request ID (a run's own ID is a separate UUID;
 * its `requestId` is the request_id of the call). Undefined while the run is not recorded yet.
 */
export async function findRunByRequestId(appId: string, requestId: string, signal?: AbortSignal): Promise<WorkflowRun | undefined> {
  const page = await api((c) => c.listWorkflowRuns(appId, { requestId, limit: 1 }), { signal });
  return page.items[0];
}
