import { recordAudit } from "../audit/record-audit.js";
import { authorize, authorizeLookup } from "../auth/authorize.js";
import { canManageAllWorkspaces, type Principal } from "../auth/principal.js";
import type { CoreDeps } from "../context.js";
import { AppError, invalidField, notFound } from "../errors.js";
import { APP_ID_PATTERN, newAppId } from "../ids.js";
import { isoNow } from "../ports/clock.js";
import type { Page, PageRequest } from "../ports/page.js";
import { getWorkspace } from "../workspaces/manage-workspaces.js";
import type { AgentConfig, App, AppConfig, AppType, WorkflowGraph } from "./app-types.js";
import { defaultConfigFor } from "./default-app-config.js";
import { knowledgeReferenceProblems } from "./knowledge-references.js";
import { mcpReferenceProblems } from "./mcp-references.js";
import { agentConfigProblems, throwIfProblems } from "./validate-agent-config.js";
import { workflowGraphProblems } from "./validate-workflow-graph.js";

export function checkAppConfig(type: AppType, config: AppConfig, strict: boolean): void {
  throwIfProblems(type === "agent" ? agentConfigProblems(config as AgentConfig, strict) : workflowGraphProblems(config as WorkflowGraph, strict));
}

/** Knowledge bases and MCP services the configuration names must be in the app's workspace (checked on save and on publish). */
async function checkReferences(deps: CoreDeps, workspaceId: string, type: AppType, config: AppConfig): Promise<void> {
  throwIfProblems([
    ...(await knowledgeReferenceProblems(deps.repos.knowledgeBases, workspaceId, type, config)),
    ...(await mcpReferenceProblems(deps.repos.mcpServices, workspaceId, type, config)),
  ]);
}

function checkAppName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 100) throw invalidField("name", "must be 1-100 characters long");
  // A name that looks like an App ID would make "APP" arguments (ID or name) ambiguous.
  if (APP_ID_PATTERN.test(trimmed)) throw invalidField("name", "must not look like an App ID (32 hex characters)");
  return trimmed;
}

async function checkNameFree(deps: CoreDeps, workspaceId: string, name: string, exceptAppId?: string): Promise<void> {
  const clash = await deps.repos.apps.findByName(workspaceId, name);
  if (clash && clash.id !== exceptAppId) {
    throw new AppError("Conflict", `An app named '${name}' already exists in this workspace.`, { field: "name", appId: clash.id });
  }
}

export async function listApps(
  deps: CoreDeps,
  principal: Principal,
  query: PageRequest & { workspaceId?: string; type?: AppType; name?: string; publishedOnly?: boolean },
): Promise<Page<App>> {
  if (query.workspaceId) {
    authorize(principal, "app.read", { workspaceId: query.workspaceId });
    return deps.repos.apps.list({ ...query, workspaceIds: [query.workspaceId] });
  }
  const workspaceIds = canManageAllWorkspaces(principal) ? undefined : [...principal.memberships.keys()];
  return deps.repos.apps.list({ ...query, ...(workspaceIds ? { workspaceIds } : {}) });
}

/**
 * Finds an app by App ID, or by its unique name within `workspaceId`. An app the caller may not
 * read is a 404, exactly as a missing one.
 */
export async function getApp(deps: CoreDeps, principal: Principal, idOrName: string, workspaceId?: string): Promise<App> {
  let app: App | undefined;
  if (APP_ID_PATTERN.test(idOrName)) app = await deps.repos.apps.findById(idOrName);
  else if (workspaceId) app = await deps.repos.apps.findByName(workspaceId, idOrName);
  return authorizeLookup(
    principal,
    "app.read",
    app,
    (found) => ({ workspaceId: found.workspaceId }),
    () => notFound("App", idOrName),
  );
}

export async function createApp(
  deps: CoreDeps,
  principal: Principal,
  input: { workspaceId: string; type: AppType; name: string; description?: string; config?: AppConfig },
): Promise<App> {
  authorize(principal, "app.write", { workspaceId: input.workspaceId });
  await getWorkspace(deps, principal, input.workspaceId);
  const name = checkAppName(input.name);
  await checkNameFree(deps, input.workspaceId, name);
  const draft = input.config ?? defaultConfigFor(input.type, deps.settings.defaultModel);
  checkAppConfig(input.type, draft, false);
  await checkReferences(deps, input.workspaceId, input.type, draft);
  const now = isoNow(deps.clock);
  const app: App = {
    id: newAppId(),
    workspaceId: input.workspaceId,
    type: input.type,
    name,
    description: input.description ?? "",
    draft,
    draftChanged: true,
    publishedVersion: null,
    publishedAt: null,
    createdBy: principal.userId,
    createdAt: now,
    updatedAt: now,
  };
  await deps.repos.apps.create(app);
  await recordAudit(deps, principal, {
    action: "app.create",
    resourceType: "app",
    resourceId: app.id,
    workspaceId: app.workspaceId,
    details: { name, type: app.type },
  });
  return app;
}

export async function updateApp(
  deps: CoreDeps,
  principal: Principal,
  appId: string,
  input: { name?: string; description?: string; config?: AppConfig },
): Promise<App> {
  const app = await getApp(deps, principal, appId);
  authorize(principal, "app.write", { workspaceId: app.workspaceId });
  const name = input.name !== undefined ? checkAppName(input.name) : undefined;
  if (name !== undefined && name !== app.name) await checkNameFree(deps, app.workspaceId, name, app.id);
  if (input.description !== undefined && input.description.length > 2000) throw invalidField("description", "must be at most 2000 characters long");
  if (input.config !== undefined) {
    checkAppConfig(app.type, input.config, false);
    await checkReferences(deps, app.workspaceId, app.type, input.config);
  }
  await deps.repos.apps.update(app.id, {
    ...(name !== undefined ? { name } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.config !== undefined ? { draft: input.config, draftChanged: true } : {}),
    updatedAt: isoNow(deps.clock),
  });
  await recordAudit(deps, principal, {
    action: "app.update",
    resourceType: "app",
    resourceId: app.id,
    workspaceId: app.workspaceId,
    details: { fields: Object.keys(input).filter((k) => input[k as keyof typeof input] !== undefined) },
  });
  return getApp(deps, principal, app.id);
}

export async function deleteApp(deps: CoreDeps, principal: Principal, appId: string): Promise<void> {
  const app = await getApp(deps, principal, appId);
  authorize(principal, "app.delete", { workspaceId: app.workspaceId });
  await deps.repos.apps.delete(app.id);
  await recordAudit(deps, principal, {
    action: "app.delete",
    resourceType: "app",
    resourceId: app.id,
    workspaceId: app.workspaceId,
    details: { name: app.name },
  });
}

/** Publishes the draft as the next immutable version; new calls use it from now on. */
export async function publishApp(deps: CoreDeps, principal: Principal, appId: string, note = ""): Promise<App> {
  const app = await getApp(deps, principal, appId);
  authorize(principal, "app.publish", { workspaceId: app.workspaceId });
  checkAppConfig(app.type, app.draft, true);
  await checkReferences(deps, app.workspaceId, app.type, app.draft);
  if (note.length > 500) throw invalidField("note", "must be at most 500 characters long");
  const version = await deps.repos.apps.publish(app.id, app.draft, { note, publishedBy: principal.userId, at: isoNow(deps.clock) });
  await recordAudit(deps, principal, { action: "app.publish", resourceType: "app", resourceId: app.id, workspaceId: app.workspaceId, details: { version } });
  return getApp(deps, principal, app.id);
}

export async function listAppVersions(deps: CoreDeps, principal: Principal, appId: string) {
  const app = await getApp(deps, principal, appId);
  return deps.repos.apps.listVersions(app.id);
}

export async function getAppVersion(deps: CoreDeps, principal: Principal, appId: string, version: number) {
  const app = await getApp(deps, principal, appId);
  const found = await deps.repos.apps.findVersion(app.id, version);
  if (!found) throw notFound("Version", `${app.id}@${version}`);
  return found;
}

/** Rollback as in Model Studio: copy a published version into the draft, then publish it. */
export async function rollbackApp(deps: CoreDeps, principal: Principal, appId: string, version: number): Promise<App> {
  const target = await getAppVersion(deps, principal, appId, version);
  const app = await getApp(deps, principal, appId);
  authorize(principal, "app.publish", { workspaceId: app.workspaceId });
  await deps.repos.apps.update(app.id, { draft: target.config, draftChanged: true, updatedAt: isoNow(deps.clock) });
  const published = await publishApp(deps, principal, app.id, `Rollback to version ${version}`);
  await recordAudit(deps, principal, {
    action: "app.rollback",
    resourceType: "app",
    resourceId: app.id,
    workspaceId: app.workspaceId,
    details: { toVersion: version, newVersion: published.publishedVersion },
  });
  return published;
}
