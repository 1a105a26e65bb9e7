import { AppError } from "../errors.js";
import { type Action, type PermissionRule, permissionTable } from "./permissions.js";
import { isSuperAdmin, type Principal } from "./principal.js";

/** What an action is done to. `workspaceId` selects the membership role that applies. */
export interface Resource {
  workspaceId?: string;
  /** For `self` actions: the account being acted on. */
  userId?: string;
}

/** Pure decision, used by `authorize()` and by callers that only filter (e.g. listings). */
export function isAllowed(principal: Principal, action: Action, resource: Resource = {}): boolean {
  if (principal.disabled) return false;
  const rule: PermissionRule = permissionTable[action];
  if (rule.self) return resource.userId === undefined || resource.userId === principal.userId;
  if (isSuperAdmin(principal)) return true;
  if (rule.write && principal.policies.includes("ReadOnlyAccess")) return false;
  if (rule.policies.some((p) => principal.policies.includes(p))) return true;
  if (resource.workspaceId === undefined) return false;
  const role = principal.memberships.get(resource.workspaceId);
  return role !== undefined && rule.roles.includes(role);
}

/**
 * The one permission check. Every use case calls it first; routes never decide permissions.
 * Refusals carry the `InsufficientPermissions` code and say what would have allowed the action.
 */
export function authorize(principal: Principal, action: Action, resource: Resource = {}): void {
  if (principal.disabled) throw new AppError("AccountDisabled", "This account is disabled.");
  if (isAllowed(principal, action, resource)) return;
  throw new AppError("InsufficientPermissions", `Insufficient permissions: ${describeNeed(action)}`, {
    action,
    ...(resource.workspaceId ? { workspaceId: resource.workspaceId } : {}),
  });
}

function describeNeed(action: Action): string {
  const rule: PermissionRule = permissionTable[action];
  const grants = ["a super administrator (FullAccess)", ...rule.policies.map((p) => `the ${p} policy`)];
  if (rule.roles.length > 0) grants.push(`the ${rule.roles.join(" or ")} role in the workspace`);
  const readOnlyNote = rule.write ? " ReadOnlyAccess holders may not change anything." : "";
  return `'${action}' requires ${grants.join(", or ")}.${readOnlyNote}`;
}
