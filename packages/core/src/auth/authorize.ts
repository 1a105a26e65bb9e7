import { AppError } from "../errors.js";
import { actionWords } from "./action-words.js";
import { type Action, type PermissionRule, permissionTable } from "./permissions.js";
import { isSuperAdmin, type Principal, type Rank, rankNames, rankOf } from "./principal.js";

/** What an action is done to. `workspaceId` selects the membership role that applies. */
export interface Resource {
  workspaceId?: string;
  /** The account acted on: for `self` actions, and with `userRank` for `outrank` actions. */
  userId?: string;
  /** For `outrank` actions: the rank of the account acted on (`rankOf`). */
  userRank?: Rank;
  /** For `outrank` actions that set policies: the rank the account would hold afterwards. */
  grantsRank?: Rank;
}

/** Pure decision, used by `authorize()` and by callers that only filter (e.g. listings). */
export function isAllowed(principal: Principal, action: Action, resource: Resource = {}): boolean {
  if (principal.disabled) return false;
  const rule: PermissionRule = permissionTable[action];
  if (rule.self) return resource.userId === undefined || resource.userId === principal.userId;
  return grantedIgnoringRank(principal, rule, resource) && (!rule.outrank || rankAllows(principal, resource));
}

function grantedIgnoringRank(principal: Principal, rule: PermissionRule, resource: Resource): boolean {
  if (isSuperAdmin(principal)) return true;
  if (rule.write && principal.policies.includes("ReadOnlyAccess")) return false;
  if (rule.content && principal.policies.includes("ControlFullAccess")) return false;
  if (rule.policies.some((p) => principal.policies.includes(p))) return true;
  if (resource.workspaceId === undefined) return false;
  const role = principal.memberships.get(resource.workspaceId);
  return role !== undefined && rule.roles.includes(role);
}

/**
 * Nobody may change an account of equal or higher rank than their own (their own excepted), nor
 * give an account a rank above their own. Fails closed: a use case must say whom it acts on.
 */
function rankAllows(principal: Principal, resource: Resource): boolean {
  if (resource.userRank === undefined && resource.grantsRank === undefined) return false;
  const own = rankOf(principal);
  const onSelf = resource.userId !== undefined && resource.userId === principal.userId;
  if (resource.userRank !== undefined && !onSelf && resource.userRank >= own) return false;
  return resource.grantsRank === undefined || resource.grantsRank <= own;
}

/**
 * The one permission check. Every use case calls it first; routes never decide permissions.
 * Refusals carry the `InsufficientPermissions` code and say what would have allowed the action.
 */
export function authorize(principal: Principal, action: Action, resource: Resource = {}): void {
  if (principal.disabled) throw accountDisabled();
  if (isAllowed(principal, action, resource)) return;
  const rule: PermissionRule = permissionTable[action];
  const rankIsTheReason = !rule.self && grantedIgnoringRank(principal, rule, resource);
  throw new AppError(
    "InsufficientPermissions",
    `Insufficient permissions: ${rankIsTheReason ? describeRank(principal, action, resource) : describeNeed(action)}`,
    {
      action,
      ...(resource.workspaceId ? { workspaceId: resource.workspaceId } : {}),
      ...(rankIsTheReason && resource.userId ? { userId: resource.userId } : {}),
    },
  );
}

/**
 * For lookups by ID: returns what was found if the caller may read it; otherwise throws the same
 * `missing()` error (a `NotFound`) as for an ID that does not exist, so IDs in workspaces the
 * caller cannot see cannot be probed.
 */
export function authorizeLookup<T>(principal: Principal, action: Action, found: T | undefined, resourceOf: (found: T) => Resource, missing: () => AppError): T {
  if (principal.disabled) throw accountDisabled();
  if (found === undefined || !isAllowed(principal, action, resourceOf(found))) throw missing();
  return found;
}

const accountDisabled = () => new AppError("AccountDisabled", "This account is disabled.");

function describeNeed(action: Action): string {
  return `${actionWords[action]} requires ${whoMay(action)}`;
}

/**
 * Who may do an action, in words and without action codes: "a super administrator (FullAccess),
 * or the admin role in the workspace. ReadOnlyAccess holders may not change anything." Used in
 * refusals and in whoami, so the console can name what a disabled button needs.
 */
export function whoMay(action: Action): string {
  const rule: PermissionRule = permissionTable[action];
  if (rule.self) return "a signed-in account (for itself only).";
  const grants = ["a super administrator (FullAccess)", ...rule.policies.map((p) => `the ${p} policy`)];
  if (rule.roles.length > 0) grants.push(`the ${rule.roles.join(" or ")} role in the workspace`);
  const readOnlyNote = rule.write ? " ReadOnlyAccess holders may not change anything." : "";
  const contentNote = rule.content ? " ControlFullAccess holders may not change or run app content (apps, knowledge bases), whatever their role." : "";
  return `${grants.join(", or ")}.${readOnlyNote}${contentNote}`;
}

function describeRank(principal: Principal, action: Action, resource: Resource): string {
  const own = rankOf(principal);
  const order = "main account > FullAccess > ControlFullAccess > other users";
  if (resource.grantsRank !== undefined && resource.grantsRank > own) {
    return `${actionWords[action]} would make the account ${rankNames[resource.grantsRank]}, more than you are (${rankNames[own]}); nobody may grant more privilege than their own (${order}).`;
  }
  const target = resource.userRank ?? own;
  return `${actionWords[action]} may only be done to accounts of lower privilege than yours; this account is ${rankNames[target]} and you are ${rankNames[own]} (${order}).`;
}
