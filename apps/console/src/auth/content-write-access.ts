import type { WhoAmI } from "../api/types";

export interface WriteAccess {
  allowed: boolean;
  /** Why not, naming what would allow it; empty when allowed. */
  reason: string;
}

/**
 * May this user change content of the workspace (knowledge bases, documents, memory)? Mirrors
 * the permission table's content-write rule (`knowledge.write`): super administrators always;
 * otherwise the admin or member role in the workspace, and neither ReadOnlyAccess nor
 * ControlFullAccess. The server decides in the end; this only keeps the buttons honest.
 */
export function contentWriteAccess(me: WhoAmI, workspaceId: string): WriteAccess {
  if (me.superAdmin) return { allowed: true, reason: "" };
  if (me.user.policies.includes("ReadOnlyAccess")) return { allowed: false, reason: "Read-only access (ReadOnlyAccess): changes are not allowed." };
  if (me.user.policies.includes("ControlFullAccess")) {
    return { allowed: false, reason: "ControlFullAccess manages workspaces, not their content: this needs the admin or member role." };
  }
  const role = me.memberships.find((m) => m.workspaceId === workspaceId)?.role;
  if (role === "admin" || role === "member") return { allowed: true, reason: "" };
  return { allowed: false, reason: "Needs the admin or member role in this workspace." };
}
