import { Type } from "typebox";
import { NullableTimestamp, Timestamp, WorkspaceId } from "./common.js";

export const ApiKeyScope = Type.Union([Type.Literal("workspace"), Type.Literal("region")], {
  description:
    "workspace: calls apps of its own workspace only. region: may also call apps of any workspace of its region by naming it in X-DashScope-WorkSpace on the shared host (only super administrators create these)",
});

export const ApiKey = Type.Object({
  id: Type.String(),
  workspaceId: WorkspaceId,
  prefix: Type.String({ description: "Recognisable, non-secret part of the key" }),
  description: Type.String(),
  createdBy: Type.String(),
  createdAt: Timestamp,
  lastUsedAt: NullableTimestamp,
  disabled: Type.Boolean(),
  ipAllowlist: Type.Array(Type.String()),
  appAllowlist: Type.Array(Type.String()),
  scope: ApiKeyScope,
});

const Restrictions = {
  ipAllowlist: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100, description: "CIDR blocks or addresses; empty = anywhere" })),
  appAllowlist: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 500, description: "App IDs; empty = every app of the workspace" })),
};

export const CreateApiKeyBody = Type.Object(
  {
    workspaceId: Type.Optional(WorkspaceId),
    description: Type.Optional(Type.String({ maxLength: 200 })),
    scope: Type.Optional(ApiKeyScope),
    ...Restrictions,
  },
  { additionalProperties: false },
);

export const UpdateApiKeyBody = Type.Object(
  { description: Type.Optional(Type.String({ maxLength: 200 })), ...Restrictions },
  { additionalProperties: false, minProperties: 1 },
);

export const CreatedApiKey = Type.Object({ key: ApiKey, secret: Type.String({ description: "The sk- secret, shown once" }) });
