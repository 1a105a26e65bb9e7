import { Type } from "typebox";
import { Timestamp, WorkspaceId } from "./common.js";

export const Workspace = Type.Object({
  id: WorkspaceId,
  name: Type.String(),
  region: Type.String(),
  regionName: Type.String(),
  isDefault: Type.Boolean(),
  endpoints: Type.Object({
    sharedBaseUrl: Type.String({ description: "Shared host; sub-workspace apps also need the X-DashScope-WorkSpace header" }),
    dedicatedBaseUrl: Type.String({ description: "Workspace-dedicated host; accepts only this workspace's keys" }),
  }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const WorkspaceName = Type.String({ minLength: 1, maxLength: 64 });
export const CreateWorkspaceBody = Type.Object(
  { name: WorkspaceName, region: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) },
  { additionalProperties: false },
);
export const RenameWorkspaceBody = Type.Object({ name: WorkspaceName }, { additionalProperties: false });

export const MemberRole = Type.Union([Type.Literal("admin"), Type.Literal("member")]);
export const Member = Type.Object({
  workspaceId: Type.String(),
  userId: Type.String(),
  loginName: Type.String(),
  displayName: Type.String(),
  role: MemberRole,
  createdAt: Timestamp,
});
export const SetMemberBody = Type.Object({ userId: Type.String({ minLength: 1, maxLength: 64 }), role: MemberRole }, { additionalProperties: false });
export const SetRoleBody = Type.Object({ role: MemberRole }, { additionalProperties: false });

export const Region = Type.Object({ id: Type.String(), name: Type.String(), sharedBaseUrl: Type.String() });
