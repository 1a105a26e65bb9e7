import type { AnswerDone, AnswerEvent, WireThought } from "./answer-events.js";
import { tokenTotals } from "./answer-events.js";

/** What every chunk and body of one chat completion repeats. */
export interface ChatMeta {
  id: string;
  /** Unix seconds. */
  created: number;
  /** The `model` the caller sent (an App ID or `app:NAME`). */
  model: string;
  /** `stream_options.include_usage`. */
  includeUsage: boolean;
}

const usageOf = (done: AnswerDone) => {
  const { input, output } = tokenTotals(done.usage);
  return { prompt_tokens: input, completion_tokens: output, total_tokens: input + output };
};

/** `appstudio` on an answer: citations always, thoughts when there are any (they come only when asked for). */
function extension(fields: { thoughts?: WireThought[]; references?: AnswerDone["references"] }) {
  const out = {
    ...(fields.references && fields.references.length > 0 ? { doc_references: fields.references } : {}),
    ...(fields.thoughts && fields.thoughts.length > 0 ? { thoughts: fields.thoughts } : {}),
  };
  return Object.keys(out).length > 0 ? { appstudio: out } : {};
}

/** The `chat.completion` body of a turn that ran to its end. */
export function chatCompletionOf(done: AnswerDone, reasoning: string, meta: ChatMeta) {
  return {
    id: meta.id,
    object: "chat.completion" as const,
    created: meta.created,
    model: meta.model,
    choices: [
      {
        index: 0,
        message: { role: "assistant" as const, content: done.text, refusal: null, ...(reasoning ? { reasoning_content: reasoning } : {}) },
        finish_reason: done.finishReason,
        logprobs: null,
      },
    ],
    usage: usageOf(done),
    ...extension(done),
  };
}

/**
 * The `chat.completion.chunk`s of a turn. The first chunk carries `role` with the first delta
 * (nothing is sent before the run produced something, so an early failure is still a plain
 * error response); the last choice chunk carries `finish_reason` and the citations; with
 * `include_usage`, one more chunk with empty `choices` carries the usage, and every other
 * chunk `usage: null`, as OpenAI sends them.
 */
export async function* chatChunksOf(events: AsyncIterable<AnswerEvent>, meta: ChatMeta): AsyncGenerator<{ chunk: unknown; final: AnswerDone | null }> {
  let roleSent = false;
  const chunk = (delta: Record<string, unknown>, finishReason: string | null, extra: Record<string, unknown> = {}) => {
    const withRole = roleSent ? delta : { role: "assistant", ...delta };
    roleSent = true;
    return {
      id: meta.id,
      object: "chat.completion.chunk",
      created: meta.created,
      model: meta.model,
      choices: [{ index: 0, delta: withRole, finish_reason: finishReason, logprobs: null }],
      ...(meta.includeUsage ? { usage: null } : {}),
      ...extra,
    };
  };
  for await (const event of events) {
    switch (event.type) {
      case "text":
        yield { chunk: chunk({ content: event.delta }, null), final: null };
        break;
      case "reasoning":
        yield { chunk: chunk({ reasoning_content: event.delta }, null), final: null };
        break;
      case "thoughts":
        yield { chunk: chunk({}, null, extension({ thoughts: event.thoughts })), final: null };
        break;
      case "done": {
        const last = chunk({}, event.finishReason, extension({ references: event.references }));
        if (!meta.includeUsage) {
          yield { chunk: last, final: event };
          break;
        }
        yield { chunk: last, final: null };
        yield {
          chunk: { id: meta.id, object: "chat.completion.chunk", created: meta.created, model: meta.model, choices: [], usage: usageOf(event) },
          final: event,
        };
        break;
      }
    }
  }
}
