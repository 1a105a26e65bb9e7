import { buildUrl, type FieldProblem, toApiError } from "./client";
import type { DocReference } from "./types";

export interface Thought {
  action_type?: string;
  action?: string;
  action_name?: string;
  action_input?: unknown;
  /** JSON text of the step's input (knowledge and memory retrieval). */
  action_input_stream?: string;
  arguments?: string;
  observation?: unknown;
  thought?: string;
  response?: string;
}

/** A workflow node's packet in `message_format_plus` / `message_format` (docs/workflows.md). */
export interface WorkflowMessage {
  node_id: string;
  node_name: string;
  node_type: string;
  node_status: "executing" | "success" | "failed";
  node_is_completed: boolean;
  node_msg_seq_id: number;
  message: { role: string; content: string };
}

export interface RunEnvelope {
  output: {
    text?: string;
    finish_reason?: string;
    session_id?: string;
    thoughts?: Thought[];
    doc_references?: DocReference[] | null;
    workflow_message?: WorkflowMessage;
  };
  usage?: { models?: { model_id: string; input_tokens: number; output_tokens: number }[] };
  request_id?: string;
}

export interface TestRunRequest {
  version: "draft" | "published";
  input: { prompt: string; session_id?: string; memory_id?: string; biz_params?: Record<string, unknown> };
  parameters: {
    incremental_output?: boolean;
    has_thoughts?: boolean;
    flow_stream_mode?: "full_thoughts" | "agent_format" | "message_format" | "message_format_plus";
  };
}

export interface SseEvent {
  id?: string;
  event: string;
  status?: number;
  data: string;
}

/** Splits an SSE byte stream into DashScope events (`id:`, `event:`, `:HTTP_STATUS/`, `data:`). */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let sep = buffer.search(/\r?\n\r?\n/);
      while (sep >= 0) {
        const block = buffer.slice(0, sep);
        buffer = buffer.slice(sep).replace(/^\r?\n\r?\n/, "");
        const event = parseBlock(block);
        if (event) yield event;
        sep = buffer.search(/\r?\n\r?\n/);
      }
    }
    const last = parseBlock(buffer);
    if (last) yield last;
  } finally {
    reader.releaseLock();
  }
}

function parseBlock(block: string): SseEvent | undefined {
  if (block.trim() === "") return undefined;
  const event: SseEvent = { event: "message", data: "" };
  const data: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (line.startsWith(":HTTP_STATUS/")) event.status = Number(line.slice(13));
    else if (line.startsWith("id:")) event.id = line.slice(3).trim();
    else if (line.startsWith("event:")) event.event = line.slice(6).trim();
    else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
  }
  event.data = data.join("\n");
  return event;
}

export class RunError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly requestId?: string,
    readonly status?: number,
    /** `details.fields` of a 400 InvalidParameter: each invalid field (graph or biz_params). */
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
    this.name = "RunError";
  }
}

/**
 * Calls the app through the console's test-run route and yields each envelope as it streams.
 * Errors before the stream starts come as JSON with an HTTP status; later ones as `event:error`.
 */
export async function* streamTestRun(appId: string, request: TestRunRequest, signal: AbortSignal): AsyncGenerator<RunEnvelope> {
  const response = await fetch(buildUrl(`/apps/${encodeURIComponent(appId)}/test-run`), {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify(request),
    signal,
  });
  if (!response.ok) {
    const error = await toApiError(response);
    if (response.status === 404 && error.message.includes("No route")) {
      throw new RunError("NotAvailable", "The test-run endpoint is not available on this server yet.", error.requestId, 404);
    }
    throw new RunError(error.code, error.message, error.requestId, response.status, error.fields);
  }
  const type = response.headers.get("content-type") ?? "";
  if (!type.includes("text/event-stream") || !response.body) {
    yield (await response.json()) as RunEnvelope;
    return;
  }
  for await (const event of readSse(response.body)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(event.data);
    } catch {
      throw new RunError("BadStream", `Unreadable event from the server: ${event.data.slice(0, 200)}`);
    }
    if (event.event === "error") {
      const e = parsed as { code?: string; message?: string; request_id?: string };
      throw new RunError(e.code ?? "Error", e.message ?? "The call failed.", e.request_id, event.status);
    }
    yield parsed as RunEnvelope;
  }
}
