import { recordAudit } from "../audit/record-audit.js";
import { authorize, authorizeLookup } from "../auth/authorize.js";
import { canManageAllWorkspaces, type Principal } from "../auth/principal.js";
import type { CoreDeps } from "../context.js";
import { AppError, invalidField, notFound } from "../errors.js";
import { newWorkspaceId } from "../ids.js";
import { isoNow } from "../ports/clock.js";
import type { Page, PageRequest } from "../ports/page.js";
import { workspaceEndpoints } from "./workspace-endpoints.js";
import type { Region, Workspace, WorkspaceEndpoints } from "./workspace-types.js";

export interface WorkspaceView extends Workspace {
  regionName: string;
  endpoints: WorkspaceEndpoints;
}

export const DEFAULT_WORKSPACE_NAME = "default";

function regionOf(deps: CoreDeps, regionId: string): Region {
  const region = deps.settings.regions.find((r) => r.id === regionId);
  if (!region) throw invalidField("region", `unknown region '${regionId}'; configured: ${deps.settings.regions.map((r) => r.id).join(", ")}`);
  return region;
}

export function viewWorkspace(deps: CoreDeps, workspace: Workspace): WorkspaceView {
  // A workspace whose region was removed from the config still shows, with its last known region id.
  const region = deps.settings.regions.find((r) => r.id === workspace.region) ?? {
    id: workspace.region,
    name: workspace.region,
    sharedOrigin: "http://localhost",
    apiDomain: "localhost",
  };
  return { ...workspace, regionName: region.name, endpoints: workspaceEndpoints(workspace.id, region) };
}

/** Creates the default workspace of every configured region that lacks one. Idempotent. */
export async function ensureDefaultWorkspaces(deps: CoreDeps): Promise<void> {
  for (const region of deps.settings.regions) {
    if (await deps.repos.workspaces.findDefault(region.id)) continue;
    const now = isoNow(deps.clock);
    try {
      await deps.repos.workspaces.create({
        id: newWorkspaceId(),
        name: DEFAULT_WORKSPACE_NAME,
        region: region.id,
        isDefault: true,
        createdAt: now,
        updatedAt: now,
      });
    } catch (e) {
      // Another process starting at the same moment may have won the race; that is fine.
      if (!(e instanceof AppError && e.code === "Conflict")) throw e;
    }
  }
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 64) throw invalidField("name", "must be 1-64 characters long");
  return trimmed;
}

/**
 * Workspaces the principal may see: every workspace for super administrators and
 * ControlFullAccess holders, otherwise only the ones the user has joined.
 */
export async function listVisibleWorkspaces(
  deps: CoreDeps,
  principal: Principal,
  query: PageRequest & { region?: string; name?: string },
): Promise<Page<WorkspaceView>> {
  const ids = canManageAllWorkspaces(principal) ? undefined : [...principal.memberships.keys()];
  const page = await deps.repos.workspaces.list({ ...query, ...(ids ? { ids } : {}) });
  return { ...page, items: page.items.map((w) => viewWorkspace(deps, w)) };
}

/** The Workspace Management view: all workspaces, refused with InsufficientPermissions to others. */
export async function listAllWorkspaces(deps: CoreDeps, principal: Principal, query: PageRequest & { region?: string; name?: string }) {
  authorize(principal, "workspace.list-all");
  return listVisibleWorkspaces(deps, principal, query);
}

/** A workspace the caller may not read is a 404, exactly as a missing one, so IDs cannot be probed. */
export async function getWorkspace(deps: CoreDeps, principal: Principal, workspaceId: string): Promise<WorkspaceView> {
  const found = await deps.repos.workspaces.findById(workspaceId);
  const workspace = authorizeLookup(
    principal,
    "workspace.read",
    found,
    () => ({ workspaceId }),
    () => notFound("Workspace", workspaceId),
  );
  return viewWorkspace(deps, workspace);
}

export async function createWorkspace(deps: CoreDeps, principal: Principal, input: { name: string; region?: string }): Promise<WorkspaceView> {
  authorize(principal, "workspace.create");
  const name = checkName(input.name);
  const region = regionOf(deps, input.region ?? deps.settings.regions[0]!.id);
  const count = await deps.repos.workspaces.countInRegion(region.id);
  // The default workspace does not count against the sub-workspace limit.
  if (count - 1 >= deps.settings.maxSubWorkspacesPerRegion) {
    throw new AppError("LimitExceeded", `Region '${region.id}' already has the maximum of ${deps.settings.maxSubWorkspacesPerRegion} sub-workspaces.`);
  }
  const now = isoNow(deps.clock);
  const workspace: Workspace = { id: newWorkspaceId(), name, region: region.id, isDefault: false, createdAt: now, updatedAt: now };
  await deps.repos.workspaces.create(workspace);
  await recordAudit(deps, principal, {
    action: "workspace.create",
    resourceType: "workspace",
    resourceId: workspace.id,
    workspaceId: workspace.id,
    details: { name, region: region.id },
  });
  return viewWorkspace(deps, workspace);
}

export async function renameWorkspace(deps: CoreDeps, principal: Principal, workspaceId: string, newName: string): Promise<WorkspaceView> {
  const workspace = await getWorkspace(deps, principal, workspaceId);
  authorize(principal, "workspace.rename", { workspaceId });
  const name = checkName(newName);
  await deps.repos.workspaces.rename(workspaceId, name, isoNow(deps.clock));
  await recordAudit(deps, principal, {
    action: "workspace.rename",
    resourceType: "workspace",
    resourceId: workspaceId,
    workspaceId,
    details: { from: workspace.name, to: name },
  });
  return getWorkspace(deps, principal, workspaceId);
}

export async function deleteWorkspace(deps: CoreDeps, principal: Principal, workspaceId: string): Promise<void> {
  const workspace = await getWorkspace(deps, principal, workspaceId);
  authorize(principal, "workspace.delete", { workspaceId });
  if (workspace.isDefault) throw new AppError("Conflict", "The default workspace of a region can never be deleted.");
  const [apps, keys, knowledge] = await Promise.all([
    deps.repos.apps.countInWorkspace(workspaceId),
    deps.repos.apiKeys.countInWorkspace(workspaceId),
    deps.repos.knowledgeBases.list({ workspaceId, limit: 1, offset: 0 }),
  ]);
  // Content is deleted by those who may change it, never swept away with its workspace.
  const knowledgeBases = knowledge.total;
  if (apps > 0 || keys > 0 || knowledgeBases > 0) {
    throw new AppError(
      "WorkspaceNotEmpty",
      `Workspace '${workspace.name}' still holds ${apps} app(s), ${keys} API key(s) and ${knowledgeBases} knowledge base(s); delete them first.`,
      { apps, apiKeys: keys, knowledgeBases },
    );
  }
  await deps.repos.workspaces.delete(workspaceId);
  await recordAudit(deps, principal, {
    action: "workspace.delete",
    resourceType: "workspace",
    resourceId: workspaceId,
    workspaceId,
    details: { name: workspace.name },
  });
}
