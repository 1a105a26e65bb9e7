import { mapUpstreamError } from "./map-upstream-error.js";
import { nodeHttpFetch } from "./node-http-fetch.js";
import { retryAfterSeconds } from "./retry-after.js";
import { UpstreamConnectionError, UpstreamHttpError } from "./upstream-errors.js";

export interface UpstreamCall {
  providerId: string;
  baseURL: string;
  apiKey: string | undefined;
  headers: Record<string, string> | undefined;
  timeoutMs: number;
}

/**
 * `POST {baseURL}{path}` with a JSON body, for the non-streaming endpoints (`/embeddings`,
 * `/rerank`). Fails with the provider port's errors (see `mapUpstreamError`); when `signal`
 * aborts, with its reason. With `missingIsUndefined`, a 404 answer is undefined instead of an
 * error, for optional endpoints the caller can do without.
 */
export async function postJson(
  call: UpstreamCall,
  path: string,
  body: unknown,
  signal: AbortSignal | undefined,
  options: { missingIsUndefined?: boolean } = {},
): Promise<unknown> {
  signal?.throwIfAborted();
  let timedOut = false;
  const controller = new AbortController();
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, call.timeoutMs);
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener("abort", onAbort, { once: true });
  const fail = (e: unknown) => mapUpstreamError(e, { providerId: call.providerId, timedOut, timeoutMs: call.timeoutMs, callerSignal: signal });
  try {
    let response: Response;
    try {
      response = await nodeHttpFetch(`${call.baseURL.replace(/\/$/, "")}${path}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json",
          ...(call.apiKey ? { authorization: `Bearer ${call.apiKey}` } : {}),
          ...call.headers,
        },
        body: JSON.stringify(body),
        signal: controller.signal,
      });
    } catch (e) {
      throw fail(new UpstreamConnectionError(e instanceof Error ? e.message : String(e), false));
    }
    let text: string;
    try {
      text = await response.text();
    } catch (e) {
      throw fail(e);
    }
    if (response.status === 404 && options.missingIsUndefined) return undefined;
    if (response.status >= 400) throw fail(new UpstreamHttpError(response.status, upstreamMessage(text), retryAfterSeconds(response.headers)));
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw fail(new Error(`the answer to ${path} was not JSON`));
    }
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}

function upstreamMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    if (typeof body.error === "string") return body.error;
    if (typeof body.error?.message === "string") return body.error.message;
    if (typeof body.message === "string") return body.message;
  } catch {
    // not JSON: the text itself
  }
  return text.slice(0, 2000);
}
