import type { App, AppVersion } from "../apps/app-types.js";
import { AppError } from "../errors.js";
import type { AppRepository } from "../ports/repositories.js";
import type { ApiCaller } from "./authenticate-api-key.js";

const appDenied = () => new AppError("App.AccessDenied", "App access denied.");

/**
 * The app and published version an API call runs. Unknown apps, apps of other workspaces, apps
 * outside the key's allowlist and unpublished agents all answer the same `App.AccessDenied`,
 * as DashScope does, so a key cannot probe for App IDs; unpublished workflows answer
 * `FlowNotPublished`.
 */
export async function resolveCalledApp(apps: AppRepository, caller: ApiCaller, appId: string): Promise<{ app: App; version: AppVersion }> {
  const app = await apps.findById(appId);
  if (!app || app.workspaceId !== caller.workspace.id) throw appDenied();
  if (caller.key.appAllowlist.length > 0 && !caller.key.appAllowlist.includes(app.id)) throw appDenied();
  if (app.publishedVersion === null) {
    if (app.type === "workflow") throw new AppError("FlowNotPublished", "Flow has not published yet, please publish flow and try again.");
    throw appDenied();
  }
  const version = await apps.findVersion(app.id, app.publishedVersion);
  if (!version) throw appDenied();
  return { app, version };
}
