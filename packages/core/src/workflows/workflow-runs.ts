import { getApp } from "../apps/manage-apps.js";
import { authorizeLookup } from "../auth/authorize.js";
import type { Principal } from "../auth/principal.js";
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
  // A run the caller may not read is a 404, exactly as a missing one.
  const run = authorizeLookup(
    principal,
    "app.read",
    await deps.repos.workflowRuns.findRun(runId),
    (found) => ({ workspaceId: found.workspaceId }),
    () => notFound("Run", runId),
  );
  return { ...run, nodeRuns: await deps.repos.workflowRuns.listNodeRuns(run.id) };
}
