import { Type } from "typebox";
import { NullableTimestamp, Timestamp } from "./common.js";

/** An AccessKey pair for Alibaba Cloud's signed OpenAPI. Listings never carry the secret. */
export const AccessKey = Type.Object({
  id: Type.String({ description: "AccessKey ID: LTAI + 20 characters" }),
  userId: Type.String(),
  status: Type.Union([Type.Literal("Active"), Type.Literal("Inactive")]),
  createdAt: Timestamp,
  lastUsedAt: NullableTimestamp,
});

export const AccessKeyList = Type.Object({ items: Type.Array(AccessKey) });

export const CreateAccessKeyBody = Type.Object(
  { userId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "Whose key; yourself when absent" })) },
  { additionalProperties: false },
);

export const CreatedAccessKey = Type.Object({
  accessKey: AccessKey,
  secret: Type.String({ description: "The AccessKey secret. Shown in this response only; store it now." }),
});

export const AccessKeyListQuery = Type.Object(
  { userId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "Whose keys; yours when absent" })) },
  { additionalProperties: false },
);

export const AccessKeyIdParam = Type.Object({ accessKeyId: Type.String({ minLength: 1, maxLength: 64 }) });
