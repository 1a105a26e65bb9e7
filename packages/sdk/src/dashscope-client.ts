import { apiErrorFrom, fetchOrThrow, streamError } from "./api-error.js";
import { parseSse } from "./sse-parser.js";
import type { CallableApp, CompletionRequest, CompletionResponse, KeyWorkspace } from "./types.js";

export interface DashScopeClientOptions {
  /** The SDK-style base URL ending in /api/v1 (a workspace's sharedBaseUrl or dedicatedBaseUrl). */
  baseUrl: string;
  /** `sk-...` API key. */
  apiKey: string;
  /** Sent as X-DashScope-WorkSpace; needed for sub-workspace apps on the shared host. */
  workspaceId?: string;
  fetch?: typeof fetch;
}

/** Calls apps through the DashScope-compatible API, as the official SDKs do. */
export class DashScopeClient {
  private readonly baseUrl: string;

  constructor(private readonly options: DashScopeClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
  }

  /** Non-streaming call: one JSON envelope. */
  async completion(appId: string, body: CompletionRequest, init: { signal?: AbortSignal } = {}): Promise<CompletionResponse> {
    const response = await this.post(appId, body, false, init.signal);
    if (!response.ok) throw await apiErrorFrom(response);
    return (await response.json()) as CompletionResponse;
  }

  /**
   * Streaming call (`X-DashScope-SSE: enable`). Yields every `event:result` envelope; an
   * `event:error` (or an error answered before the stream started) is thrown as ApiError.
   * Breaking out of the loop aborts the request.
   */
  async *stream(appId: string, body: CompletionRequest, init: { signal?: AbortSignal } = {}): AsyncGenerator<CompletionResponse> {
    const controller = new AbortController();
    const onAbort = () => controller.abort(init.signal?.reason);
    init.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const response = await this.post(appId, body, true, controller.signal);
      if (!response.ok) throw await apiErrorFrom(response);
      const type = response.headers.get("content-type") ?? "";
      if (!type.includes("text/event-stream")) {
        // A server may answer a streaming request with plain JSON (e.g. an error with status 200); accept it.
        yield (await response.json()) as CompletionResponse;
        return;
      }
      if (!response.body) return;
      for await (const event of parseSse(response.body)) {
        if (event.event === "error") throw streamError(event.data, event.status, response);
        if (event.event !== "result" && event.event !== "message") continue;
        const envelope = JSON.parse(event.data) as CompletionResponse;
        yield envelope;
        if (envelope.output?.finish_reason === "stop") return;
      }
    } finally {
      init.signal?.removeEventListener("abort", onAbort);
      controller.abort();
    }
  }

  /** The apps this key can call, with their base URLs (`GET /apps`). */
  async listApps(query: { limit?: number; offset?: number; name?: string } = {}): Promise<{ items: CallableApp[]; total: number }> {
    const params = new URLSearchParams(
      Object.entries(query)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, String(v)]),
    );
    return this.get(`/apps${params.size > 0 ? `?${params}` : ""}`);
  }

  /** The workspace this key belongs to (`GET /workspace`). */
  workspace(): Promise<KeyWorkspace> {
    return this.get("/workspace");
  }

  private async get<T>(path: string): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.options.apiKey}`, accept: "application/json" };
    if (this.options.workspaceId) headers["x-dashscope-workspace"] = this.options.workspaceId;
    const response = await fetchOrThrow(this.options.fetch ?? fetch, `${this.baseUrl}${path}`, { headers });
    if (!response.ok) throw await apiErrorFrom(response);
    return (await response.json()) as T;
  }

  private post(appId: string, body: CompletionRequest, sse: boolean, signal: AbortSignal | undefined): Promise<Response> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.options.apiKey}`,
      "content-type": "application/json",
      accept: sse ? "text/event-stream" : "application/json",
    };
    if (sse) headers["x-dashscope-sse"] = "enable";
    if (this.options.workspaceId) headers["x-dashscope-workspace"] = this.options.workspaceId;
    return fetchOrThrow(this.options.fetch ?? fetch, `${this.baseUrl}/apps/${encodeURIComponent(appId)}/completion`, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });
  }
}
