import type { Policy } from "../accounts/account-types.js";
import type { MemberRole } from "../workspaces/workspace-types.js";

/** Who is acting: a signed-in user (console cookie or personal access token). */
export interface Principal {
  userId: string;
  loginName: string;
  isMain: boolean;
  disabled: boolean;
  policies: readonly Policy[];
  /** workspaceId -> role for every workspace the user has joined. */
  memberships: ReadonlyMap<string, MemberRole>;
  /** Where the request came from, recorded in the audit log. */
  ip: string | null;
}

/** Super administrator: the main account or a holder of FullAccess. */
export const isSuperAdmin = (p: Principal) => p.isMain || p.policies.includes("FullAccess");

/** May see and manage every workspace (the Workspace Management view). */
export const canManageAllWorkspaces = (p: Principal) =>
  isSuperAdmin(p) || p.policies.includes("ControlFullAccess");
