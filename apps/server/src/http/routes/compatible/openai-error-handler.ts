import { AppError } from "@appstudio/core";
import type { FastifyInstance } from "fastify";
import { logDiagnostic } from "../../app-call/failed-call.js";
import { openAiErrorOf } from "../../app-call/openai-error.js";
import { toAppError } from "../../to-app-error.js";

/**
 * The OpenAI-compatible scopes answer every error, and unknown paths under them, in OpenAI's
 * shape, so the `openai` SDKs raise their typed errors (AuthenticationError, RateLimitError...).
 * The status and code come from the one error table, as everywhere else.
 */
export function installOpenAiErrors(scope: FastifyInstance): void {
  scope.setErrorHandler((error, request, reply) => {
    const { appError, unexpected } = toAppError(error);
    if (unexpected) request.log.error({ err: error }, "unhandled error");
    logDiagnostic(request, appError);
    const { status, body } = openAiErrorOf(appError, request.id);
    const retryAfter = Number(appError.details?.retryAfterSeconds);
    if ((status === 429 || status === 503) && Number.isFinite(retryAfter) && retryAfter > 0) reply.header("retry-after", String(retryAfter));
    reply.status(status).type("application/json").send(body);
  });
  scope.setNotFoundHandler((request, reply) => {
    const { status, body } = openAiErrorOf(new AppError("NotFound", `Unknown request URL: ${request.method} ${request.url.split("?")[0]}.`), request.id);
    reply
      .status(status)
      .type("application/json")
      .send({ ...body, error: { ...body.error, code: "unknown_url" } });
  });
}
