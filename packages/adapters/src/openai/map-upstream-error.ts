import { AppError } from "@appstudio/core";
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { retryAfterSeconds } from "./retry-after.js";
import { UpstreamConnectionError, UpstreamHttpError } from "./upstream-errors.js";

export interface UpstreamErrorContext {
  providerId: string;
  /** Our own timer fired (the SDK then reports a plain abort, so the flag is the only clue). */
  timedOut: boolean;
  timeoutMs: number;
  /** The caller's signal: if it aborted, its reason is rethrown unmapped. */
  callerSignal?: AbortSignal | undefined;
}

/** The documented messages (DashScope's error table); nothing of the upstream's answer is in them. */
export const UPSTREAM_MESSAGES = {
  ModelServiceFailed: "Failed to request model service.",
  RequestTimeOut: "Request timed out, please try again later.",
  "Throttling.RateQuota": "Requests rate limit exceeded, please try again later.",
  InvalidParameter: "The model refused the request as invalid; check the input and the parameters.",
} as const;

type UpstreamCode = keyof typeof UPSTREAM_MESSAGES;

const failure = (code: UpstreamCode, diagnostic: string, details?: Record<string, unknown>) => new AppError(code, UPSTREAM_MESSAGES[code], details, diagnostic);

/**
 * Turns whatever the SDK or fetch threw into the provider port's closed set of errors. The
 * message is the documented one for the code: an upstream's error body, the provider's name
 * and its address (`connect ECONNREFUSED 10.0.0.5:8000`) go to `diagnostic`, which the server
 * logs with the request ID and only the console shows.
 */
export function mapUpstreamError(error: unknown, ctx: UpstreamErrorContext): unknown {
  if (ctx.callerSignal?.aborted) return ctx.callerSignal.reason;
  if (error instanceof AppError) return error;
  const provider = `model provider '${ctx.providerId}'`;
  if (ctx.timedOut || error instanceof APIConnectionTimeoutError) {
    return failure("RequestTimeOut", `${provider} sent nothing for ${ctx.timeoutMs} ms`);
  }
  if (error instanceof APIUserAbortError) return failure("ModelServiceFailed", `the request to ${provider} was cancelled`);
  if (error instanceof APIConnectionError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return failure("ModelServiceFailed", `cannot connect to ${provider}${cause}`);
  }
  if (error instanceof APIError) return fromStatus(error.status, upstreamMessage(error), provider, retryAfterSeconds(error.headers));
  if (error instanceof UpstreamHttpError) return fromStatus(error.status === 0 ? undefined : error.status, error.message, provider, error.retryAfterSeconds);
  if (error instanceof UpstreamConnectionError && !error.midStream) return failure("ModelServiceFailed", `cannot connect to ${provider}: ${error.message}`);
  // Body stream failures (connection dropped mid-stream: undici's "terminated"), bad JSON in a chunk.
  const message = error instanceof Error ? error.message : String(error);
  return failure("ModelServiceFailed", `the connection to ${provider} failed mid-response (${message})`);
}

function fromStatus(status: number | undefined, upstream: string, provider: string, retryAfter: number | undefined): AppError {
  const said = status === undefined ? `${provider} reported an error in the stream` : `${provider} answered HTTP ${status}`;
  const diagnostic = `${said}: ${upstream.slice(0, 2000)}`;
  if (status === 429) return failure("Throttling.RateQuota", diagnostic, retryAfter === undefined ? undefined : { retryAfterSeconds: retryAfter });
  if (status === 400 || status === 413 || status === 422) return failure("InvalidParameter", diagnostic);
  if (status === 401 || status === 403)
    return failure("ModelServiceFailed", `${said}: it rejected its credentials; check the provider's API key. (${upstream.slice(0, 2000)})`);
  // 404 (unknown model upstream), other 4xx, 5xx, and errors sent inside the stream (no status).
  return failure("ModelServiceFailed", diagnostic);
}

/** The upstream's own message, without the SDK's "400 " status prefix. */
function upstreamMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  if (body && typeof body.message === "string" && body.message !== "") return body.message;
  return error.message;
}
