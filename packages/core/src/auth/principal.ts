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
export const canManageAllWorkspaces = (p: Principal) => isSuperAdmin(p) || p.policies.includes("ControlFullAccess");

/**
 * How much an account may do, as one number, so "may A change B?" is one comparison:
 * main account (4) > FullAccess (3) > ControlFullAccess (2) > everyone else (1).
 * FullAccess outranks ReadOnlyAccess (super administrators may do everything), while
 * ReadOnlyAccess cancels ControlFullAccess: such a holder may change nothing, so ranks 1.
 * Workspace roles do not count: ControlFullAccess manages memberships anyway.
 */
export type Rank = 1 | 2 | 3 | 4;

export const rankNames: Record<Rank, string> = {
  4: "the main account",
  3: "a super administrator (FullAccess)",
  2: "a control-plane administrator (ControlFullAccess)",
  1: "a user without administrator policies",
};

export function rankOf(account: { isMain: boolean; policies: readonly Policy[] }): Rank {
  if (account.isMain) return 4;
  if (account.policies.includes("FullAccess")) return 3;
  if (account.policies.includes("ControlFullAccess") && !account.policies.includes("ReadOnlyAccess")) return 2;
  return 1;
}
