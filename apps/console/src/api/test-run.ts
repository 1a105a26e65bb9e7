import { createParser } from "eventsource-parser";
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

/**
 * Splits an SSE byte stream into DashScope events with eventsource-parser, reading the status of
 * DashScope's `:HTTP_STATUS/<code>` comment line, which standard parsers drop.
 */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const ready: SseEvent[] = [];
  let status: number | undefined;
  const parser = createParser({
    onEvent: (e) => {
      ready.push({ ...(e.id !== undefined ? { id: e.id } : {}), event: e.event || "message", ...(status !== undefined ? { status } : {}), data: e.data });
      status = undefined;
    },
    onComment: (comment) => {
      const match = /^\s*HTTP_STATUS\/(\d{3})/.exec(comment);
      if (match) status = Number(match[1]);
    },
  });
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
      yield* ready.splice(0);
    }
    // A last event without the closing blank line still counts (the stream's end closes it).
    parser.feed(`${decoder.decode()}\n\n`);
    yield* ready.splice(0);
  } finally {
    reader.releaseLock();
  }
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
