import type { WhoAmI } from "../api/types";

/** An action of the server's permission table, as whoami lists them. */
export type Action = WhoAmI["permissions"]["everywhere"][number];

export interface Access {
  allowed: boolean;
  /** Why not, naming the policy or role that would allow it; empty when allowed. */
  reason: string;
}

const ALLOWED: Access = { allowed: true, reason: "" };

/**
 * May the signed-in user do `action` (in `workspaceId`)? The answer is the server's own: whoami
 * lists the allowed actions, computed by the same check that guards every request. Only the
 * wording of a refusal is made here, from the permission table whoami sends along.
 */
export function accessTo(me: WhoAmI, action: Action, workspaceId?: string): Access {
  const { permissions } = me;
  const inWorkspace = workspaceId ? permissions.workspaces.find((w) => w.workspaceId === workspaceId)?.actions : undefined;
  if ((inWorkspace ?? permissions.everywhere).includes(action)) return ALLOWED;
  return { allowed: false, reason: refusalReason(me, action) };
}

function refusalReason(me: WhoAmI, action: Action): string {
  const rule = me.permissions.rules.find((r) => r.action === action);
  if (!rule) return "Your account may not do this.";
  const policies = me.user.policies;
  if (rule.readOnlyRefused && policies.includes("ReadOnlyAccess")) return "Your ReadOnlyAccess policy allows viewing only, not changes.";
  if (rule.controlRefused && policies.includes("ControlFullAccess")) {
    return "ControlFullAccess manages workspaces, members and keys, not app content: this needs the admin or member role on an account without ControlFullAccess.";
  }
  const grants: string[] = [];
  if (rule.roles.length > 0) grants.push(`the ${rule.roles.join(" or ")} role in this workspace`);
  const grantingPolicies = [...rule.policies, "FullAccess"];
  grants.push(`the ${grantingPolicies.join(" or ")} policy`);
  return `Needs ${grants.join(", or ")}.`;
}
