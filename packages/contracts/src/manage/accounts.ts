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

export const WhoAmI = Type.Object({
  user: User,
  superAdmin: Type.Boolean(),
  canManageAllWorkspaces: Type.Boolean(),
  memberships: Type.Array(Membership),
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
