import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { logDiagnostic } from "../app-call/failed-call.js";
import { dashScopeCode, statusOf } from "../error-table.js";
import { toAppError } from "../to-app-error.js";

/** One error body everywhere: `{code, message, request_id, details?}` with the status from the table. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const { appError, unexpected } = toAppError(error);
    if (unexpected) request.log.error({ err: error }, "unhandled error");
    logDiagnostic(request, appError);
    const status = statusOf[appError.code];
    if (appError.code === "Throttling" || appError.code === "Throttling.RateQuota" || appError.code === "ServiceUnavailable") {
      const seconds = Number(appError.details?.retryAfterSeconds);
      if (Number.isFinite(seconds) && seconds > 0) reply.header("retry-after", String(seconds));
    }
    reply
      .status(status)
      .type("application/json")
      .send({
        code: request.url.startsWith("/api/v1/") ? dashScopeCode(appError.code) : appError.code,
        message: appError.message,
        request_id: request.id,
        ...(appError.details ? { details: appError.details } : {}),
      });
  });
}

/**
 * Fastify's `frameworkErrors` option: errors raised before a route runs (a malformed URL,
 * an unsupported content type) get the same body and a request id like every other error.
 */
export function frameworkErrors(error: Error, request: FastifyRequest, reply: FastifyReply): void {
  const { appError } = toAppError(error);
  reply.header("x-request-id", request.id);
  reply.status(statusOf[appError.code]).type("application/json").send({ code: appError.code, message: appError.message, request_id: request.id });
}
