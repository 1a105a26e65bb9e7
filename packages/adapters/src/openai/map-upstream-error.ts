import { AppError } from "@appstudio/core";
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { UpstreamConnectionError, UpstreamHttpError } from "./chat-stream-client.js";

export interface UpstreamErrorContext {
  providerId: string;
  /** Our own timer fired (the SDK then reports a plain abort, so the flag is the only clue). */
  timedOut: boolean;
  timeoutMs: number;
  /** The caller's signal: if it aborted, its reason is rethrown unmapped. */
  callerSignal?: AbortSignal | undefined;
}

/**
 * Turns whatever the SDK or fetch threw into the provider port's closed set of errors.
 * Upstream messages are kept in the text: operators of a self-hosted instance need them to
 * fix a provider, and the caller of the app API is the same organisation.
 */
export function mapUpstreamError(error: unknown, ctx: UpstreamErrorContext): unknown {
  if (ctx.callerSignal?.aborted) return ctx.callerSignal.reason;
  if (error instanceof AppError) return error;
  const details = { provider: ctx.providerId };
  if (ctx.timedOut || error instanceof APIConnectionTimeoutError) {
    return new AppError(
      "RequestTimeOut",
      `Request timed out, please try again later. (model provider '${ctx.providerId}' sent nothing for ${ctx.timeoutMs} ms)`,
      details,
    );
  }
  if (error instanceof APIUserAbortError) {
    return new AppError("ModelServiceFailed", `Failed to request model service: the request to '${ctx.providerId}' was cancelled.`, details);
  }
  if (error instanceof APIConnectionError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return new AppError("ModelServiceFailed", `Failed to request model service: cannot connect to '${ctx.providerId}'${cause}.`, details);
  }
  if (error instanceof APIError) return fromStatus(error.status, upstreamMessage(error), ctx.providerId);
  if (error instanceof UpstreamHttpError) return fromStatus(error.status === 0 ? undefined : error.status, error.message, ctx.providerId);
  if (error instanceof UpstreamConnectionError && !error.midStream) {
    return new AppError("ModelServiceFailed", `Failed to request model service: cannot connect to '${ctx.providerId}': ${error.message}.`, details);
  }
  // Body stream failures (connection dropped mid-stream: undici's "terminated"), bad JSON in a chunk.
  const message = error instanceof Error ? error.message : String(error);
  return new AppError(
    "ModelServiceFailed",
    `Failed to request model service: the connection to '${ctx.providerId}' failed mid-response (${message}).`,
    details,
  );
}

function fromStatus(status: number | undefined, upstream: string, providerId: string): AppError {
  const details = { provider: providerId, upstreamStatus: status ?? null };
  if (status === 429) {
    return new AppError("Throttling.RateQuota", `Requests rate limit exceeded, please try again later. (${providerId}: ${upstream})`, details);
  }
  if (status === 400 || status === 413 || status === 422) return new AppError("InvalidParameter", upstream, details);
  if (status === 401 || status === 403) {
    return new AppError(
      "ModelServiceFailed",
      `Failed to request model service: model provider '${providerId}' rejected its credentials (HTTP ${status}); check the provider's API key. (${upstream})`,
      details,
    );
  }
  // 404 (unknown model upstream), other 4xx, 5xx, and errors sent inside the stream (no status).
  const where = status === undefined ? "reported an error in the stream" : `answered HTTP ${status}`;
  return new AppError("ModelServiceFailed", `Failed to request model service: '${providerId}' ${where}: ${upstream}`, details);
}

/** The upstream's own message, without the SDK's "400 " status prefix. */
function upstreamMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  if (body && typeof body.message === "string" && body.message !== "") return body.message;
  return error.message;
}
