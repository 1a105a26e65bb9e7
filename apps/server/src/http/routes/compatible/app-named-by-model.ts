import { type AppCaller, AppError, authorizeCalledApp, type CalledApp } from "@appstudio/core";
import type { Container } from "../../../container.js";
import { openAiRefusal } from "../../app-call/openai-error.js";

const APP_ID = /^[0-9a-f]{32}$/;
const ALIAS = /^app:(.+)$/s;

/**
 * The app a Chat Completions `model` names: an App ID, or `app:NAME` for an app of the key's
 * workspace. Either goes through the same decision as an App ID in a path (`authorizeCalledApp`),
 * and an unknown name answers the same `App.AccessDenied` as an unknown ID, so names cannot be
 * probed either. A `model` of neither form is OpenAI's `model_not_found`.
 */
export async function appNamedByModel(container: Container, caller: AppCaller, model: string): Promise<CalledApp> {
  const apps = container.appCallLookups;
  if (APP_ID.test(model)) return authorizeCalledApp(apps, caller, model);
  const name = ALIAS.exec(model)?.[1];
  if (name === undefined) {
    throw openAiRefusal(
      "NotFound",
      `The model '${model}' does not exist: name an App ID, or app:NAME for an app of this workspace (GET /compatible-mode/v1/models lists them).`,
      "model",
      "model_not_found",
    );
  }
  const app = await container.core.repos.apps.findByName(caller.workspace.id, name);
  if (!app) throw new AppError("App.AccessDenied", "App access denied.");
  return authorizeCalledApp(apps, caller, app.id);
}
