import { Type } from "typebox";
import { NullableTimestamp, Timestamp } from "./common.js";

export const Policy = Type.Union([Type.Literal("FullAccess"), Type.Literal("ControlFullAccess"), Type.Literal("ReadOnlyAccess")]);

export const User = Type.Object({
  id: Type.String(),
  loginName: Type.String(),
  displayName: Type.String(),
  isMain: Type.Boolean(),
  disabled: Type.Boolean(),
  policies: Type.Array(Policy),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const LoginName = Type.String({ minLength: 2, maxLength: 64 });
export const Password = Type.String({ minLength: 1, maxLength: 256 });

export const SignInBody = Type.Object({ loginName: LoginName, password: Password }, { additionalProperties: false });

export const Membership = Type.Object({ workspaceId: Type.String(), role: Type.Union([Type.Literal("admin"), Type.Literal("member")]) });

/**
 * Every action of the permission table. The server's test checks this list against core's
 * `actions`, so a new action cannot be left out.
 */
export const Action = Type.Enum(
  [
    "account.read-self",
    "account.change-own-password",
    "token.manage-own",
    "accesskey.manage-own",
    "accesskey.manage",
    "user.list",
    "user.read",
    "user.create",
    "user.update",
    "user.delete",
    "user.set-policies",
    "workspace.list-all",
    "workspace.read",
    "workspace.create",
    "workspace.rename",
    "workspace.delete",
    "member.list",
    "member.manage",
    "app.read",
    "app.write",
    "app.publish",
    "app.delete",
    "app.run",
    "knowledge.read",
    "knowledge.write",
    "apikey.read",
    "apikey.manage",
    "apikey.manage-region",
    "audit.read",
    "calllog.read",
    "provider.read",
    "provider.manage",
    "memory.read",
    "memory.write",
    "mcp.read",
    "mcp.manage",
  ],
  { description: "An action of the permission table." },
);

const MemberRoleName = Type.Union([Type.Literal("admin"), Type.Literal("member")]);

/** What the user may do, decided by the server's own permission check (see docs/permissions.md). */
export const Permissions = Type.Object({
  everywhere: Type.Array(Action, { description: "Allowed in every workspace: granted by the user's policies, or done to their own account." }),
  workspaces: Type.Array(Type.Object({ workspaceId: Type.String(), actions: Type.Array(Action) }), {
    description: "Per joined workspace, every action allowed there (everywhere included).",
  }),
  rules: Type.Array(
    Type.Object({
      action: Action,
      policies: Type.Array(Policy),
      roles: Type.Array(MemberRoleName),
      readOnlyRefused: Type.Boolean(),
      controlRefused: Type.Boolean(),
      needs: Type.String({ description: "Who may do it, in words." }),
    }),
    { description: "The permission table, so a client can say what a refused action needs." },
  ),
});

export const WhoAmI = Type.Object({
  user: User,
  superAdmin: Type.Boolean(),
  canManageAllWorkspaces: Type.Boolean(),
  memberships: Type.Array(Membership),
  permissions: Permissions,
});

export const CreateUserBody = Type.Object(
  {
    loginName: LoginName,
    displayName: Type.Optional(Type.String({ maxLength: 100 })),
    password: Password,
    policies: Type.Optional(Type.Array(Policy, { maxItems: 3 })),
  },
  { additionalProperties: false },
);

export const UpdateUserBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ maxLength: 100 })),
    disabled: Type.Optional(Type.Boolean()),
    password: Type.Optional(Password),
    policies: Type.Optional(Type.Array(Policy, { maxItems: 3 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ChangePasswordBody = Type.Object({ currentPassword: Password, newPassword: Password }, { additionalProperties: false });

export const AccessToken = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String(),
  createdAt: Timestamp,
  expiresAt: NullableTimestamp,
  lastUsedAt: NullableTimestamp,
});

export const CreateTokenBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }), expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })) },
  { additionalProperties: false },
);

export const CreatedToken = Type.Object({ token: AccessToken, secret: Type.String({ description: "Shown once; store it now" }) });
