/** A fully built HTTP request for an agent tool; the runner has already placed arguments. */
export interface ToolHttpRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Absolute http(s) URL, query string included. */
  url: string;
  headers: Record<string, string>;
  /** JSON text, or undefined for GET. */
  body?: string;
  timeoutMs: number;
  signal: AbortSignal;
}

export interface ToolHttpResponse {
  status: number;
  /** Response body as text, possibly cut to `maxBodyBytes` of the implementation. */
  body: string;
}

/**
 * Performs the HTTP calls of agent tools. A port so that core stays free of HTTP libraries and
 * tests can count calls.
 *
 * Implementations resolve for every HTTP status (a 500 is an observation for the model, not an
 * exception); they reject only when no response arrived: timeout (an error whose `name` is
 * `TimeoutError`), connection failure, or abort.
 */
export interface ToolHttpClient {
  request(req: ToolHttpRequest): Promise<ToolHttpResponse>;
}
