import { type App, appStatus, canManageAllWorkspaces, isSuperAdmin, type Principal, permissionSummary, type User } from "@appstudio/core";

/** App as listed: status derived, draft left out (it can be large). */
export function appSummary(app: App) {
  const { draft: _draft, draftChanged: _changed, ...rest } = app;
  return { ...rest, status: appStatus(app) };
}

export function appDetail(app: App) {
  return { ...appSummary(app), draft: app.draft };
}

export function whoAmI(user: User, principal: Principal) {
  return {
    user,
    superAdmin: isSuperAdmin(principal),
    canManageAllWorkspaces: canManageAllWorkspaces(principal),
    memberships: [...principal.memberships].map(([workspaceId, role]) => ({ workspaceId, role })),
    permissions: permissionSummary(principal),
  };
}
