import { type TSchema, Type } from "typebox";

/** The one error body of every surface: DashScope's `{code, message, request_id}`, plus optional details. */
export const ErrorBody = Type.Object(
  {
    code: Type.String({ description: "Stable error code, e.g. InvalidParameter, NotFound, InsufficientPermissions" }),
    message: Type.String({ description: "Human-readable explanation" }),
    request_id: Type.String({ description: "Also sent as the x-request-id header" }),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { $id: "ErrorBody" },
);

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20, description: "Page size" })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0, description: "Items to skip" })),
};

export const pageOf = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });

export const Timestamp = Type.String({ format: "date-time" });
export const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

export const WorkspaceId = Type.String({ pattern: "^ws-[a-z0-9]{16}$", description: "Workspace ID: ws- + 16 characters" });
export const AppId = Type.String({ pattern: "^[0-9a-f]{32}$", description: "App ID: 32 lowercase hex characters" });

export const IdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });
export const Ok = Type.Object({ ok: Type.Literal(true) });

/** Standard error responses every management route may produce. */
export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  429: ErrorBody,
};
