/** The server answered with an error body (`{code, message, request_id}`), or a stream carried `event:error`. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    /** HTTP status; for a mid-stream error, the status from its `:HTTP_STATUS/<code>` line. */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | undefined,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  /** `details.fields` of a 400: each invalid field with what is wrong with it. */
  get fields(): FieldProblem[] {
    const fields = this.details?.fields;
    return Array.isArray(fields) ? (fields as FieldProblem[]) : [];
  }
}

/** One invalid input field as the server reports it in `details.fields`. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** The request never got an HTTP answer: refused, unresolvable host, reset, timeout. */
export class ConnectionError extends Error {
  override readonly name = "ConnectionError";
  constructor(
    readonly url: string,
    /** The system error code when known (ECONNREFUSED, ENOTFOUND, ...). */
    readonly reason: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(`cannot connect to ${new URL(url).origin}${reason ? ` (${describeReason(reason)})` : ""}`, options);
  }
}

function describeReason(code: string): string {
  const known: Record<string, string> = {
    ECONNREFUSED: "connection refused",
    ENOTFOUND: "host not found",
    EAI_AGAIN: "host lookup failed",
    ECONNRESET: "connection reset",
    ETIMEDOUT: "timed out",
    UND_ERR_CONNECT_TIMEOUT: "timed out",
    UND_ERR_SOCKET: "connection closed",
  };
  return known[code] ?? code;
}

/** Turns a failed response into an ApiError, tolerating bodies that are not our JSON envelope (proxies, HTML pages). */
export async function apiErrorFrom(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => "");
  const headerId = response.headers.get("x-request-id") ?? undefined;
  try {
    const body = JSON.parse(text) as { code?: unknown; message?: unknown; request_id?: unknown; details?: unknown };
    if (typeof body.message === "string") {
      const code = typeof body.code === "string" ? body.code : `HTTP${response.status}`;
      const requestId = typeof body.request_id === "string" ? body.request_id : headerId;
      const details = body.details && typeof body.details === "object" ? (body.details as Record<string, unknown>) : undefined;
      return new ApiError(response.status, code, body.message, requestId, details);
    }
  } catch {
    // not JSON: fall through to a generic error
  }
  const snippet = text.trim().slice(0, 200);
  return new ApiError(response.status, `HTTP${response.status}`, snippet || response.statusText || `HTTP ${response.status}`, headerId);
}

/** Runs fetch and converts network failures into ConnectionError (undici hides the system code in `cause`). */
export async function fetchOrThrow(fetchImpl: typeof fetch, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetchImpl(url, init);
  } catch (e) {
    if ((e as Error)?.name === "AbortError") throw e;
    throw new ConnectionError(url, systemCode(e), { cause: e });
  }
}

function systemCode(e: unknown): string | undefined {
  let current: unknown = e;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    // AggregateError (happy eyeballs tried several addresses): take the first inner error.
    const errors = (current as { errors?: unknown[] }).errors;
    current = Array.isArray(errors) && errors.length > 0 ? errors[0] : (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The ApiError an SSE `event:error` carries (its status from the `:HTTP_STATUS/<code>` line). */
export function streamError(data: string, status: number | undefined, response: Response): ApiError {
  const requestId = response.headers.get("x-request-id") ?? undefined;
  try {
    const body = JSON.parse(data) as { code?: string; message?: string; request_id?: string };
    return new ApiError(status ?? 500, body.code ?? "UnknownError", body.message ?? data, body.request_id ?? requestId);
  } catch {
    return new ApiError(status ?? 500, "UnknownError", data || "the stream reported an error", requestId);
  }
}
