/**
 * The closed set of error codes. Every surface (management API, DashScope app API, CLI) speaks
 * these same codes; `apps/server` holds the one table that maps a code to an HTTP status.
 * DashScope-facing codes keep the exact spelling of the DashScope documentation.
 */
export const errorCodes = [
  // input
  "InvalidParameter",
  "BadRequest.EmptyInput",
  "BadRequest.IllegalInput",
  "BadRequest.TooLarge",
  "FlowNotPublished",
  // identity
  "NotAuthenticated",
  "InvalidCredentials",
  "InvalidApiKey",
  "AccountDisabled",
  // permission
  "InsufficientPermissions",
  "AccessDenied",
  "App.AccessDenied",
  "Workspace.AccessDenied",
  // a browser request from another site carrying the console cookie (CSRF)
  "Forbidden.CrossOrigin",
  // state
  "NotFound",
  "Conflict",
  "LimitExceeded",
  "WorkspaceNotEmpty",
  "ModelNotConfigured",
  // throttling
  "Throttling",
  "Throttling.RateQuota",
  // upstream and internal
  "ModelServiceFailed",
  "InvokePluginFailed",
  "AppProcessFailed",
  // Model Studio's spelling (sic): knowledge retrieval failed
  "RetrivalFailed",
  "RequestTimeOut",
  // a dependency (database, Redis) is unreachable: try again later (503 with Retry-After)
  "ServiceUnavailable",
  "InternalError",
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** Field-level problems attached to an `InvalidParameter` error, so callers can point at the field. */
export interface FieldProblem {
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  /**
   * What went wrong behind the documented `message`: an upstream's answer, a provider's name
   * or address. For the server log (and signed-in members in the console), never for API-key
   * callers and never part of `details`, which are sent on the wire.
   */
  readonly diagnostic: string | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, diagnostic?: string) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
    this.diagnostic = diagnostic;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** Seconds a caller is told to wait when a dependency is away (sent as Retry-After). */
export const SERVICE_UNAVAILABLE_RETRY_SECONDS = 5;

/**
 * A dependency of the server (`what`: "the database", "Redis") did not answer in time. The
 * caller gets 503 with Retry-After; the cause goes to the log only.
 */
export function serviceUnavailable(what: string, cause?: unknown): AppError {
  const diagnostic = cause instanceof Error ? `${what}: ${cause.message}` : what;
  return new AppError(
    "ServiceUnavailable",
    "The service is temporarily unavailable, please try again later.",
    { retryAfterSeconds: SERVICE_UNAVAILABLE_RETRY_SECONDS },
    diagnostic,
  );
}

/** The message with what is behind it: for operators and members, never for API-key callers. */
export function messageWithDiagnostic(e: unknown): string {
  if (e instanceof AppError) return e.diagnostic ? `${e.message} (${e.diagnostic})` : e.message;
  return e instanceof Error ? e.message : String(e);
}

/** Shorthand for the most common failure: one named field is wrong. */
export function invalidField(field: string, message: string): AppError {
  return new AppError("InvalidParameter", `${field}: ${message}`, { fields: [{ field, message }] });
}

export function notFound(what: string, id: string): AppError {
  return new AppError("NotFound", `${what} '${id}' was not found.`, { resource: what, id });
}
