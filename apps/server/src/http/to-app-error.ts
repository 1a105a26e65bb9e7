import { AppError, serviceUnavailable } from "@appstudio/core";
import { isConnectionFailure, isDataException } from "@appstudio/storage";
import { type AjvProblem, describeValidation } from "./validation-problems.js";

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  validation?: AjvProblem[];
  validationContext?: string;
  message?: string;
}

/**
 * Turns anything thrown inside a request into an AppError. Errors we do not recognise become
 * InternalError with a generic message; the caller logs the original.
 */
export function toAppError(error: unknown): { appError: AppError; unexpected: boolean } {
  if (error instanceof AppError) return { appError: error, unexpected: false };
  const e = error as FastifyLikeError;
  if (e?.validation) {
    // Fastify names the query part "querystring"; callers know it as "query".
    const context = e.validationContext === "querystring" ? "query" : (e.validationContext ?? "body");
    const fields = describeValidation(context, e.validation);
    const summary = fields.map((f) => `${f.field} ${f.message}`).join("; ");
    return { appError: new AppError("InvalidParameter", `Invalid request: ${summary}`, { fields }), unexpected: false };
  }
  switch (e?.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return { appError: new AppError("BadRequest.TooLarge", "Payload Too Large."), unexpected: false };
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return { appError: new AppError("BadRequest.IllegalInput", "The request body must be sent as application/json."), unexpected: false };
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return { appError: new AppError("BadRequest.IllegalInput", "The input parameter requires json format."), unexpected: false };
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return { appError: new AppError("BadRequest.IllegalInput", "The Content-Length header does not match the body."), unexpected: false };
  }
  if (isConnectionFailure(error)) return { appError: serviceUnavailable("the database", error), unexpected: false };
  if (isRedisUnavailable(error)) return { appError: serviceUnavailable("Redis", error), unexpected: false };
  if (isDataException(error)) {
    return {
      appError: new AppError("InvalidParameter", "A value in the request cannot be used (a NUL character, or a number out of range)."),
      unexpected: false,
    };
  }
  if (error instanceof SyntaxError || (e?.statusCode === 400 && /JSON/i.test(e.message ?? ""))) {
    return { appError: new AppError("BadRequest.IllegalInput", "The input parameter requires json format."), unexpected: false };
  }
  if (e?.statusCode === 404) return { appError: new AppError("NotFound", "Not found!"), unexpected: false };
  if (e?.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    return { appError: new AppError("InvalidParameter", e.message ?? "Bad request."), unexpected: false };
  }
  return { appError: new AppError("InternalError", "An internal error has occured, please try again later or contact service support."), unexpected: true };
}

/**
 * ioredis's errors while Redis is away: with the offline queue off a command fails at once,
 * a slow one times out, a retried one gives up. (Adapters that use Redis turn these into
 * ServiceUnavailable themselves; this catches any path that does not.)
 */
function isRedisUnavailable(error: unknown): boolean {
  const e = error as { name?: unknown; message?: unknown } | null;
  if (e?.name === "MaxRetriesPerRequestError") return true;
  return typeof e?.message === "string" && /enableOfflineQueue options is false|Command timed out|Connection is closed/.test(e.message);
}
