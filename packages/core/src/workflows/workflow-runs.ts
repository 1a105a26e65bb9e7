import { authorize } from "../auth/authorize.js";
import type { Principal } from "../auth/principal.js";
import { getApp } from "../apps/manage-apps.js";
import type { CoreDeps } from "../context.js";
import { notFound } from "../errors.js";
import type { Page, PageRequest } from "../ports/page.js";
import type { WorkflowNodeRun, WorkflowRun, WorkflowRunStatus } from "./workflow-run-types.js";

/** Runs of one workflow app (by App ID, or name within `workspaceId`), newest first. */
export async function listWorkflowRuns(
  deps: CoreDeps,
  principal: Principal,
  app: string,
  query: PageRequest & { workspaceId?: string; status?: WorkflowRunStatus; requestId?: string },
): Promise<Page<WorkflowRun>> {
  const found = await getApp(deps, principal, app, query.workspaceId);
  const { workspaceId: _ws, ...rest } = query;
  return deps.repos.workflowRuns.listRuns({ ...rest, appId: found.id });
}

/** One run with its node runs in start order, if the caller may read the app. */
export async function getWorkflowRun(deps: CoreDeps, principal: Principal, runId: string): Promise<WorkflowRun & { nodeRuns: WorkflowNodeRun[] }> {
  const run = await deps.repos.workflowRuns.findRun(runId);
  if (!run) throw notFound("Run", runId);
  authorize(principal, "app.read", { workspaceId: run.workspaceId });
  return { ...run, nodeRuns: await deps.repos.workflowRuns.listNodeRuns(run.id) };
}
