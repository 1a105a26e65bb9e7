import { recordAudit } from "../audit/record-audit.js";
import { authorize } from "../auth/authorize.js";
import type { Principal } from "../auth/principal.js";
import type { CoreDeps } from "../context.js";
import { notFound } from "../errors.js";
import { isoNow } from "../ports/clock.js";
import { getWorkspace } from "./manage-workspaces.js";
import type { Member, MemberRole } from "./workspace-types.js";

export async function listMembers(deps: CoreDeps, principal: Principal, workspaceId: string): Promise<Member[]> {
  await getWorkspace(deps, principal, workspaceId);
  authorize(principal, "member.list", { workspaceId });
  return deps.repos.members.listForWorkspace(workspaceId);
}

/** Adds a user to a workspace, or changes the role of one who is already a member. */
export async function setMember(deps: CoreDeps, principal: Principal, workspaceId: string, input: { userId: string; role: MemberRole }): Promise<Member> {
  await getWorkspace(deps, principal, workspaceId);
  authorize(principal, "member.manage", { workspaceId });
  const user = await deps.repos.users.findById(input.userId);
  if (!user) throw notFound("User", input.userId);
  const existing = await deps.repos.members.find(workspaceId, input.userId);
  await deps.repos.members.upsert({ workspaceId, userId: input.userId, role: input.role, createdAt: existing?.createdAt ?? isoNow(deps.clock) });
  await recordAudit(deps, principal, {
    action: existing ? "member.change-role" : "member.add",
    resourceType: "member",
    resourceId: input.userId,
    workspaceId,
    details: { loginName: user.loginName, role: input.role, ...(existing ? { previousRole: existing.role } : {}) },
  });
  const member = await deps.repos.members.find(workspaceId, input.userId);
  if (!member) throw notFound("Member", input.userId);
  return member;
}

export async function removeMember(deps: CoreDeps, principal: Principal, workspaceId: string, userId: string): Promise<void> {
  await getWorkspace(deps, principal, workspaceId);
  authorize(principal, "member.manage", { workspaceId });
  const existing = await deps.repos.members.find(workspaceId, userId);
  if (!existing) throw notFound("Member", userId);
  await deps.repos.members.delete(workspaceId, userId);
  await recordAudit(deps, principal, {
    action: "member.remove",
    resourceType: "member",
    resourceId: userId,
    workspaceId,
    details: { loginName: existing.loginName },
  });
}
