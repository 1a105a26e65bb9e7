import type { Policy } from "../accounts/account-types.js";
import type { MemberRole } from "../workspaces/workspace-types.js";
import { isAllowed, whoMay } from "./authorize.js";
import { type Action, actions, type PermissionRule, permissionTable } from "./permissions.js";
import type { Principal } from "./principal.js";

/** What a principal may do, for clients that show only what will work (the console, via whoami). */
export interface PermissionSummary {
  /** Allowed in every workspace and without one: the user's policies, and actions on their own account. */
  everywhere: Action[];
  /** Per joined workspace, every action allowed there (`everywhere` included). */
  workspaces: { workspaceId: string; actions: Action[] }[];
  /** The permission table, with who may do each action in words, so a client can explain a refusal. */
  rules: { action: Action; policies: Policy[]; roles: MemberRole[]; readOnlyRefused: boolean; controlRefused: boolean; needs: string }[];
}

/**
 * Decided by `isAllowed` itself, so the answer cannot drift from what the server enforces.
 * Actions done to other accounts (`outrank`) count as allowed when the principal may do them to
 * an account of the lowest rank: the console then offers them, and the server still refuses a
 * target of equal or higher rank.
 */
export function permissionSummary(principal: Principal): PermissionSummary {
  const lowestTarget = { userRank: 1, grantsRank: 1 } as const;
  const allowedWith = (workspaceId?: string) =>
    actions.filter((action) => isAllowed(principal, action, { ...(workspaceId ? { workspaceId } : {}), ...lowestTarget }));
  return {
    everywhere: allowedWith(),
    workspaces: [...principal.memberships.keys()].map((workspaceId) => ({ workspaceId, actions: allowedWith(workspaceId) })),
    rules: actions.map((action) => {
      const rule: PermissionRule = permissionTable[action];
      return {
        action,
        policies: [...rule.policies],
        roles: [...rule.roles],
        readOnlyRefused: rule.write,
        controlRefused: rule.content === true,
        needs: whoMay(action),
      };
    }),
  };
}
