import type { ErrorCode } from "@appstudio/core";
import type { FastifyReply, FastifyRequest } from "fastify";
import { toAppError } from "../../to-app-error.js";
import { AcsError } from "./acs-operation.js";

/**
 * Core's error codes as Alibaba Cloud's gateway and products spell them. Refusals by the
 * permission table are `Forbidden.RAM` (403), which the official clients surface as a ClientError.
 */
const acsCodeOf: Partial<Record<ErrorCode, { status: number; code: string }>> = {
  InvalidParameter: { status: 400, code: "InvalidParameter" },
  "BadRequest.EmptyInput": { status: 400, code: "InvalidParameter" },
  "BadRequest.IllegalInput": { status: 400, code: "InvalidParameter" },
  "BadRequest.TooLarge": { status: 400, code: "InvalidParameter" },
  NotAuthenticated: { status: 400, code: "InvalidAccessKeyId.Inactive" },
  AccountDisabled: { status: 400, code: "InvalidAccessKeyId.Inactive" },
  InsufficientPermissions: { status: 403, code: "Forbidden.RAM" },
  AccessDenied: { status: 403, code: "Forbidden.RAM" },
  "Workspace.AccessDenied": { status: 403, code: "Forbidden.RAM" },
  "App.AccessDenied": { status: 403, code: "Forbidden.RAM" },
  NotFound: { status: 404, code: "NotFound" },
  Conflict: { status: 409, code: "Conflict" },
  LimitExceeded: { status: 400, code: "LimitExceeded" },
  WorkspaceNotEmpty: { status: 409, code: "WorkspaceNotEmpty" },
  Throttling: { status: 429, code: "Throttling.User" },
  "Throttling.RateQuota": { status: 429, code: "Throttling.User" },
  // Alibaba Cloud's own code for a temporary failure behind the gateway (a database or Redis outage).
  ServiceUnavailable: { status: 503, code: "ServiceUnavailable" },
};

/** Anything thrown by an operation or the verifier, as an AcsError. Unknown errors become InternalError. */
export function toAcsError(error: unknown, request: FastifyRequest): AcsError {
  if (error instanceof AcsError) return error;
  const { appError, unexpected } = toAppError(error);
  if (unexpected) request.log.error({ err: error }, "unhandled error in a signed OpenAPI operation");
  const mapped = acsCodeOf[appError.code];
  if (!mapped) return new AcsError(500, "InternalError", unexpected ? "The request processing has failed due to some unknown error." : appError.message);
  const fields = appError.details?.fields;
  const detail = Array.isArray(fields) && fields.length > 0 && !appError.message.includes(":") ? ` (${JSON.stringify(fields)})` : "";
  return new AcsError(mapped.status, mapped.code, `${appError.message}${detail}`);
}

/** The error envelope the official clients read (`code`, `message`, `requestId`). */
export function sendAcsError(request: FastifyRequest, reply: FastifyReply, error: AcsError): FastifyReply {
  return reply
    .status(error.status)
    .type("application/json")
    .send({ requestId: request.id, code: error.code, message: error.message, httpStatusCode: error.status, success: false });
}
