import type { AppRepository } from "../ports/repositories.js";
import type { App, AppVersion } from "./app-types.js";

/** The outcome of looking up what an app of a workspace runs: its published version, or why there is none. */
export type PublishedAppLookup =
  | { found: true; app: App; version: AppVersion }
  /** No such app in this workspace. Another workspace's app counts as missing, so callers cannot probe App IDs. */
  | { found: false; reason: "missing" }
  /** The app exists in the workspace but has no published version to run. */
  | { found: false; reason: "unpublished"; app: App };

/**
 * The one lookup of "the published version of app X in workspace W", shared by app calls
 * (`authorizeAppCall`) and workflows' App Component node, which turn the outcome into their own
 * errors.
 */
export async function findPublishedApp(apps: Pick<AppRepository, "findById" | "findVersion">, workspaceId: string, appId: string): Promise<PublishedAppLookup> {
  const app = await apps.findById(appId);
  if (!app || app.workspaceId !== workspaceId) return { found: false, reason: "missing" };
  // A published version that cannot be read is no better than none.
  const version = app.publishedVersion === null ? undefined : await apps.findVersion(app.id, app.publishedVersion);
  if (!version) return { found: false, reason: "unpublished", app };
  return { found: true, app, version };
}
