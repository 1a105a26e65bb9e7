import type { Container } from "../../../container.js";
import { recordRefusedCalls } from "../../app-call/record-refused-calls.js";
import type { TypedApp } from "../manage/types.js";
import { appCallerHook } from "./app-caller-hook.js";
import { completionRoute } from "./completion-route.js";
import { lookupRoutes } from "./lookup-routes.js";
import { memoryLookupRoute } from "./memory-lookup-route.js";

export const DASHSCOPE_PREFIX = "/api/v1";

/** The DashScope-compatible surface, authenticated by workspace API keys (`sk-...`). */
export async function dashScopeApi(app: TypedApp, container: Container) {
  app.addHook("onRequest", appCallerHook(container));
  recordRefusedCalls(app, container, "api");
  completionRoute(app, container);
  lookupRoutes(app, container);
  memoryLookupRoute(app, container);
}
