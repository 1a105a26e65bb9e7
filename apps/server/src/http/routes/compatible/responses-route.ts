import { OpenAiCompatible } from "@appstudio/contracts";
import type { App, AppConfig, WorkflowGraph } from "@appstudio/core";
import { Type } from "typebox";
import type { Container } from "../../../container.js";
import { enforceRateLimits } from "../../app-call/enforce-rate-limits.js";
import { openAiRefusal } from "../../app-call/openai-error.js";
import { respondAsResponse } from "../../app-call/respond-openai.js";
import { serveAppCall } from "../../app-call/serve-app-call.js";
import { calledAppOf } from "../dashscope/app-caller-hook.js";
import type { TypedApp } from "../manage/types.js";
import { refuseUnsupported } from "./openai-request.js";
import { openAiErrorResponses, openAiTags } from "./openai-route-docs.js";
import { messageIdOf, responseIdOf, sessionOfResponseId } from "./response-ids.js";
import { responsesRequestOf } from "./responses-request.js";

/**
 * `POST /api/v2/apps/agent/{APP_ID}/compatible-mode/v1/responses`: the Responses API for a
 * published app (agent or workflow), at Model Studio's path. Decided, limited and served like a
 * DashScope completion; `previous_response_id` continues the session of that response.
 */
export function responsesRoute(app: TypedApp, container: Container) {
  app.post(
    "/:appId/compatible-mode/v1/responses",
    {
      config: { appCall: true },
      schema: {
        tags: openAiTags,
        summary: "Call a published app through the OpenAI Responses API (JSON, or the Responses event stream with stream: true)",
        security: [{ apiKey: [] }],
        params: Type.Object({ appId: Type.String({ maxLength: 64 }) }),
        body: OpenAiCompatible.ResponsesBody,
        response: { 200: OpenAiCompatible.Response, ...openAiErrorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      refuseUnsupported(body as Record<string, unknown>);
      const { key, workspace } = request.appCaller;
      const { app: called, version } = calledAppOf(request);
      await enforceRateLimits(container, called.id, key.id);
      const previous = body.previous_response_id ?? null;
      const sessionId = previous === null ? null : await sessionOfPreviousResponse(container, called, version.config, previous);
      const parsed = responsesRequestOf(body, sessionId);
      const context = { source: "openai" as const, workspaceId: workspace.id, apiKeyId: key.id, keyPrefix: key.prefix, userId: null };
      const createdAt = Math.floor(Date.now() / 1000);
      const meta = (turnSession: string) => ({
        id: responseIdOf(turnSession, request.id),
        messageId: messageIdOf(request.id),
        createdAt,
        model: body.model || called.id,
        sessionId: turnSession,
        instructions: body.instructions ?? null,
        previousResponseId: previous,
        store: body.store !== false,
        temperature: body.temperature ?? null,
        topP: body.top_p ?? null,
        maxOutputTokens: body.max_output_tokens ?? null,
        metadata: body.metadata ?? {},
      });
      const respond = respondAsResponse(meta, { stream: body.stream === true, withThoughts: parsed.hasThoughts });
      return serveAppCall(container, request, reply, context, { app: called, config: version.config, version: version.version, parsed }, respond);
    },
  );
}

/**
 * The session a `previous_response_id` continues. A response of another app or workspace, one
 * stored with `store: false`, or an ID that was never issued all answer OpenAI's 404, the same
 * for each, so IDs cannot be probed. Task workflows keep no history: the ID is accepted and
 * every run starts afresh, as it does on `/api/v1`.
 */
async function sessionOfPreviousResponse(container: Container, app: App, config: AppConfig, responseId: string): Promise<string | null> {
  if (!responseId.startsWith("resp_")) {
    throw openAiRefusal(
      "InvalidParameter",
      `Invalid 'previous_response_id': '${responseId}'. Expected an ID that begins with 'resp'.`,
      "previous_response_id",
      "invalid_value",
    );
  }
  if (app.type === "workflow" && (config as WorkflowGraph).kind !== "dialog") return null;
  const sessionId = sessionOfResponseId(responseId);
  const session = sessionId ? await container.core.repos.conversations.find(sessionId) : undefined;
  if (!session || session.appId !== app.id || session.workspaceId !== app.workspaceId) {
    throw openAiRefusal("NotFound", `Previous response with id '${responseId}' not found.`, "previous_response_id", "previous_response_not_found");
  }
  return session.id;
}
