import { DashScope, ErrorBody } from "@appstudio/contracts";
import { type CompletionBody, parseCompletionBody } from "@appstudio/core";
import { Type } from "typebox";
import type { Container } from "../../../container.js";
import { enforceRateLimits } from "../../app-call/enforce-rate-limits.js";
import { serveAppCall } from "../../app-call/serve-app-call.js";
import type { TypedApp } from "../manage/types.js";
import { calledAppOf } from "./app-caller-hook.js";

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 429: ErrorBody, 500: ErrorBody, 503: ErrorBody };

/**
 * `POST /api/v1/apps/{APP_ID}/completion`: the DashScope app API, JSON or SSE. Who may call
 * which app was decided before the body was read (`appCallerHook`); here the call is limited,
 * its input read, its turn run and answered.
 */
export function completionRoute(app: TypedApp, container: Container) {
  app.post(
    "/apps/:appId/completion",
    {
      config: { appCall: true },
      schema: {
        tags: ["App API (DashScope)"],
        summary: "Call a published app (JSON, or SSE with X-DashScope-SSE: enable)",
        security: [{ apiKey: [] }],
        params: Type.Object({ appId: Type.String({ maxLength: 64 }) }),
        body: DashScope.CompletionBody,
        response: { 200: DashScope.CompletionResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { key, workspace } = request.appCaller;
      const { app: called, version } = calledAppOf(request);
      await enforceRateLimits(container, called.id, key.id);
      const parsed = parseCompletionBody(request.body as CompletionBody);
      const context = { source: "api" as const, workspaceId: workspace.id, apiKeyId: key.id, keyPrefix: key.prefix, userId: null };
      return serveAppCall(container, request, reply, context, { app: called, config: version.config, version: version.version, parsed });
    },
  );
}
