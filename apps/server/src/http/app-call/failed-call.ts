import { AppError, type CallSource, messageWithDiagnostic } from "@appstudio/core";
import type { FastifyReply, FastifyRequest } from "fastify";

/** A call its client abandoned before the answer was complete (nginx's 499). */
export const CLIENT_CLOSED = { status: 499, errorCode: "ClientClosedRequest" } as const;

/** True when the caller went away before the answer was complete. */
export const clientGone = (reply: FastifyReply): boolean => reply.raw.destroyed && !reply.raw.writableFinished;

/**
 * The error as the caller sees it. API-key callers get the documented message only (the
 * upstream's answer, a provider's name or address stay in the server log). Members running
 * an app from the console also get what is behind it: they may read the provider list
 * anyway, and they are the ones who fix the app.
 */
export function errorForCaller(error: AppError, source: CallSource): AppError {
  if (source !== "console" || !error.diagnostic) return error;
  return new AppError(error.code, messageWithDiagnostic(error), error.details, error.diagnostic);
}

/** Logs what is behind a documented error message, with the request ID, at warn. */
export function logDiagnostic(request: FastifyRequest, error: AppError): void {
  if (error.diagnostic)
    request.log.warn({ errorCode: error.code, diagnostic: error.diagnostic }, "call failed: the documented message was sent, the cause is here");
}
