import type { Container } from "../../../container.js";
import { appCallerHook } from "../dashscope/app-caller-hook.js";
import type { TypedApp } from "../manage/types.js";
import { mcpRoute } from "./mcp-route.js";

/**
 * The MCP server surface, under the app API's prefix and its one decision of who calls
 * (`authorizeAppCall`: the `sk-` key, dedicated host > X-DashScope-WorkSpace > the key's workspace).
 */
export async function mcpApi(app: TypedApp, container: Container) {
  app.addHook("onRequest", appCallerHook(container));
  mcpRoute(app, container);
}
