import type { ErrorCode } from "@appstudio/core";

/** The one table from error code to HTTP status, for every surface. */
export const statusOf: Record<ErrorCode, number> = {
  InvalidParameter: 400,
  "BadRequest.EmptyInput": 400,
  "BadRequest.IllegalInput": 400,
  "BadRequest.TooLarge": 400,
  FlowNotPublished: 400,
  NotAuthenticated: 401,
  InvalidCredentials: 401,
  InvalidApiKey: 401,
  AccountDisabled: 403,
  InsufficientPermissions: 403,
  AccessDenied: 403,
  "App.AccessDenied": 403,
  "Workspace.AccessDenied": 403,
  "Forbidden.CrossOrigin": 403,
  NotFound: 404,
  Conflict: 409,
  LimitExceeded: 409,
  WorkspaceNotEmpty: 409,
  ModelNotConfigured: 503,
  Throttling: 429,
  "Throttling.RateQuota": 429,
  ModelServiceFailed: 500,
  InvokePluginFailed: 500,
  AppProcessFailed: 500,
  RetrivalFailed: 500,
  RequestTimeOut: 500,
  ServiceUnavailable: 503,
  InternalError: 500,
};

/**
 * The code as the DashScope app API spells it. Its error table has no code for "a dependency is
 * away"; its 503 for "cannot serve now, try again later" is `ModelServingError`, which DashScope
 * SDKs already handle. The management API keeps the plainer `ServiceUnavailable`.
 */
export function dashScopeCode(code: ErrorCode): string {
  return code === "ServiceUnavailable" ? "ModelServingError" : code;
}
