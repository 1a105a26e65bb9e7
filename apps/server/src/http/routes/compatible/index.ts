import type { Container } from "../../../container.js";
import { recordRefusedCalls } from "../../app-call/record-refused-calls.js";
import { appCallerHook } from "../dashscope/app-caller-hook.js";
import type { TypedApp } from "../manage/types.js";
import { chatCompletionsRoute } from "./chat-completions-route.js";
import { modelsRoute } from "./models-route.js";
import { installOpenAiErrors } from "./openai-error-handler.js";
import { responsesRoute } from "./responses-route.js";

/** Model Studio's OpenAI-compatible base path: `base_url` of an OpenAI client. */
export const COMPATIBLE_PREFIX = "/compatible-mode/v1";
/** Model Studio's path of the Responses API for apps: `/api/v2/apps/agent/{APP_ID}/compatible-mode/v1`. */
export const APP_RESPONSES_PREFIX = "/api/v2/apps/agent";

/**
 * One scope of the OpenAI-compatible view: the same caller decision (`authorizeAppCall`, run
 * before the body is read), refused-call logging and serving as the DashScope API, with errors
 * in OpenAI's shape.
 */
function openAiScope(app: TypedApp, container: Container): void {
  app.addHook("onRequest", appCallerHook(container));
  recordRefusedCalls(app, container, "openai");
  installOpenAiErrors(app);
}

/** `/compatible-mode/v1`: Chat Completions with an app as the model, and the list of callable apps. */
export async function compatibleModeApi(app: TypedApp, container: Container) {
  openAiScope(app, container);
  chatCompletionsRoute(app, container);
  modelsRoute(app, container);
}

/** `/api/v2/apps/agent/{APP_ID}/compatible-mode/v1/responses`: the Responses API for one app. */
export async function appResponsesApi(app: TypedApp, container: Container) {
  openAiScope(app, container);
  responsesRoute(app, container);
}
