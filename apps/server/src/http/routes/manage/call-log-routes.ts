import { CallLogs, errorResponses, pageOf } from "@appstudio/contracts";
import { callLogStats, getCallLog, listCallLogs } from "@appstudio/core";
import type { Container } from "../../../container.js";
import type { TypedApp } from "./types.js";

/** The call log of the app API: listing with filters, one call, and per-app totals. */
export function callLogRoutes(app: TypedApp, container: Container) {
  const deps = container.core;
  const tags = ["Call log"];

  app.get(
    "/call-logs",
    {
      schema: {
        tags,
        summary: "List app calls, newest first",
        querystring: CallLogs.CallLogQuery,
        response: { 200: pageOf(CallLogs.CallLog), ...errorResponses },
      },
    },
    async (request) => {
      const { limit, offset, ...filters } = request.query;
      return listCallLogs(deps, request.principal, { limit: limit ?? 20, offset: offset ?? 0, ...filters });
    },
  );

  app.get(
    "/call-logs/stats",
    {
      schema: {
        tags,
        summary: "Calls, errors and tokens per app and hour or day (UTC)",
        querystring: CallLogs.CallStatsQuery,
        response: { 200: CallLogs.CallStats, ...errorResponses },
      },
    },
    async (request) => {
      const { bucket, ...filters } = request.query;
      return { buckets: await callLogStats(deps, request.principal, { bucket: bucket ?? "hour", ...filters }) };
    },
  );

  app.get(
    "/call-logs/:requestId",
    { schema: { tags, summary: "One call by request ID", params: CallLogs.RequestIdParam, response: { 200: CallLogs.CallLog, ...errorResponses } } },
    async (request) => getCallLog(deps, request.principal, request.params.requestId),
  );
}
