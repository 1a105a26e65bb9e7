import { OpenAiCompatible } from "@appstudio/contracts";
import type { Container } from "../../../container.js";
import { enforceRateLimits } from "../../app-call/enforce-rate-limits.js";
import { respondAsChatCompletion } from "../../app-call/respond-openai.js";
import { serveAppCall } from "../../app-call/serve-app-call.js";
import type { TypedApp } from "../manage/types.js";
import { appNamedByModel } from "./app-named-by-model.js";
import { chatRequestOf } from "./chat-request.js";
import { refuseUnsupported } from "./openai-request.js";
import { openAiErrorResponses, openAiTags } from "./openai-route-docs.js";

/**
 * `POST /compatible-mode/v1/chat/completions`: a published app as an OpenAI chat model. The
 * caller hook decided key, workspace and address before the body was read; `model` names the
 * app, decided by the same rule, then the call is limited and served like a DashScope completion.
 */
export function chatCompletionsRoute(app: TypedApp, container: Container) {
  app.post(
    "/chat/completions",
    {
      config: { appCall: true },
      schema: {
        tags: openAiTags,
        summary: "Call a published app as an OpenAI chat model (JSON, or SSE with stream: true)",
        security: [{ apiKey: [] }],
        body: OpenAiCompatible.ChatCompletionBody,
        response: { 200: OpenAiCompatible.ChatCompletion, ...openAiErrorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      refuseUnsupported(body as Record<string, unknown>);
      const { key, workspace } = request.appCaller;
      const { app: called, version } = await appNamedByModel(container, request.appCaller, body.model);
      // From here a refusal (a rate limit) is logged with the app, as it is for a path that names one.
      request.runTarget = { appId: called.id, workspaceId: workspace.id };
      await enforceRateLimits(container, called.id, key.id);
      const parsed = chatRequestOf(body);
      const context = { source: "openai" as const, workspaceId: workspace.id, apiKeyId: key.id, keyPrefix: key.prefix, userId: null };
      const meta = {
        id: `chatcmpl-${request.id.replaceAll("-", "")}`,
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        includeUsage: body.stream_options?.include_usage === true,
      };
      const respond = respondAsChatCompletion(meta, { stream: body.stream === true, withThoughts: parsed.hasThoughts });
      return serveAppCall(container, request, reply, context, { app: called, config: version.config, version: version.version, parsed }, respond);
    },
  );
}
