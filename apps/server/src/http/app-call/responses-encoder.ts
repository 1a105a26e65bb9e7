import type { AnswerDone, AnswerEvent } from "./answer-events.js";
import { tokenTotals } from "./answer-events.js";

/** What the Response object of one call repeats in every event, from the request. */
export interface ResponseMeta {
  id: string;
  /** The output message's ID. */
  messageId: string;
  /** Unix seconds. */
  createdAt: number;
  model: string;
  sessionId: string;
  instructions: string | null;
  previousResponseId: string | null;
  store: boolean;
  temperature: number | null;
  topP: number | null;
  maxOutputTokens: number | null;
  metadata: Record<string, string>;
}

type Status = "in_progress" | "completed" | "incomplete" | "failed";

const outputText = (text: string) => ({ type: "output_text" as const, text, annotations: [] as unknown[], logprobs: [] as unknown[] });

const message = (meta: ResponseMeta, status: "in_progress" | "completed" | "incomplete", text: string | null) => ({
  id: meta.messageId,
  type: "message" as const,
  status,
  role: "assistant" as const,
  content: text === null ? [] : [outputText(text)],
});

const statusOf = (done: AnswerDone): Status => (done.finishReason === "length" ? "incomplete" : "completed");

/**
 * The Response object at one point of its life: `in_progress` with no output yet, finished
 * with the answer (`incomplete` when the model hit `max_output_tokens`), or `failed`.
 */
export function responseOf(meta: ResponseMeta, state: { done: AnswerDone } | { failed: { code: string; message: string } } | null) {
  const done = state && "done" in state ? state.done : null;
  const status: Status = done ? statusOf(done) : state ? "failed" : "in_progress";
  const tokens = done ? tokenTotals(done.usage) : null;
  const extension = {
    session_id: meta.sessionId,
    ...(done && done.references.length > 0 ? { doc_references: done.references } : {}),
    ...(done && done.thoughts.length > 0 ? { thoughts: done.thoughts } : {}),
  };
  return {
    id: meta.id,
    object: "response" as const,
    created_at: meta.createdAt,
    status,
    completed_at: done ? Math.floor(Date.now() / 1000) : null,
    error: state && "failed" in state ? state.failed : null,
    incomplete_details: done?.finishReason === "length" ? { reason: "max_output_tokens" } : null,
    instructions: meta.instructions,
    max_output_tokens: meta.maxOutputTokens,
    model: meta.model,
    output: done ? [message(meta, status === "incomplete" ? "incomplete" : "completed", done.text)] : [],
    parallel_tool_calls: false,
    previous_response_id: meta.previousResponseId,
    store: meta.store,
    temperature: meta.temperature,
    top_p: meta.topP,
    tool_choice: "auto",
    tools: [] as unknown[],
    text: { format: { type: "text" } },
    truncation: "disabled",
    usage: tokens
      ? {
          input_tokens: tokens.input,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: tokens.output,
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: tokens.input + tokens.output,
        }
      : null,
    metadata: meta.metadata,
    appstudio: extension,
  };
}

/**
 * The Responses event stream of a turn: `response.created`, `response.in_progress`, the
 * message item and its text part opened, `response.output_text.delta`s, then the text, part
 * and item closed and `response.completed` (or `response.incomplete`). Nothing is sent before
 * the run produced its first event, so an early failure is still a plain error response.
 * Thoughts, when asked for, come as `appstudio.thoughts` events, which OpenAI's clients skip.
 */
export async function* responseEventsOf(
  events: AsyncIterable<AnswerEvent>,
  meta: ResponseMeta,
): AsyncGenerator<{ event: { type: string }; final: AnswerDone | null }> {
  let sequence = 0;
  const next = <T extends { type: string }>(event: T) => ({ event: { ...event, sequence_number: sequence++ }, final: null });
  const at = { output_index: 0, item_id: meta.messageId, content_index: 0 };
  let started = false;
  for await (const event of events) {
    if (!started) {
      started = true;
      yield next({ type: "response.created", response: responseOf(meta, null) });
      yield next({ type: "response.in_progress", response: responseOf(meta, null) });
      yield next({ type: "response.output_item.added", output_index: 0, item: message(meta, "in_progress", null) });
      yield next({ type: "response.content_part.added", ...at, part: outputText("") });
    }
    switch (event.type) {
      case "text":
        yield next({ type: "response.output_text.delta", ...at, delta: event.delta, logprobs: [] });
        break;
      case "reasoning":
        // Reasoning reaches the caller merged into the final thoughts, as on `/api/v1`.
        break;
      case "thoughts":
        yield next({ type: "appstudio.thoughts", thoughts: event.thoughts });
        break;
      case "done": {
        const finished = statusOf(event) === "incomplete" ? "incomplete" : "completed";
        yield next({ type: "response.output_text.done", ...at, text: event.text, logprobs: [] });
        yield next({ type: "response.content_part.done", ...at, part: outputText(event.text) });
        yield next({ type: "response.output_item.done", output_index: 0, item: message(meta, finished, event.text) });
        yield { ...next({ type: `response.${finished}`, response: responseOf(meta, { done: event }) }), final: event };
        break;
      }
    }
  }
}
