import { errorResponses, pageOf, WorkflowRuns } from "@appstudio/contracts";
import { getWorkflowRun, listWorkflowRuns } from "@appstudio/core";
import { Type } from "typebox";
import type { Container } from "../../../container.js";
import type { TypedApp } from "./types.js";

/** The run inspector's data: a workflow app's runs, and one run with every node run. */
export function workflowRunRoutes(app: TypedApp, container: Container) {
  const deps = container.core;
  const tags = ["Workflow runs"];

  app.get(
    "/apps/:app/runs",
    {
      schema: {
        tags,
        summary: "Runs of a workflow app, newest first",
        params: Type.Object({ app: Type.String({ minLength: 1, maxLength: 100 }) }),
        querystring: WorkflowRuns.RunQuery,
        response: { 200: pageOf(WorkflowRuns.WorkflowRun), ...errorResponses },
      },
    },
    async (request) => {
      const { limit, offset, ...filters } = request.query;
      return listWorkflowRuns(deps, request.principal, request.params.app, { limit: limit ?? 20, offset: offset ?? 0, ...filters });
    },
  );

  app.get(
    "/runs/:runId",
    {
      schema: {
        tags,
        summary: "One workflow run with its node runs (inputs, outputs, status, timing, tokens, errors)",
        params: WorkflowRuns.RunIdParam,
        response: { 200: WorkflowRuns.WorkflowRunDetail, ...errorResponses },
      },
    },
    async (request) => getWorkflowRun(deps, request.principal, request.params.runId),
  );
}
