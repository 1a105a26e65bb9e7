import type { FastifyReply } from "fastify";
import { type AnswerDone, type AnswerEvent, answerEventsOf } from "./answer-events.js";
import { type ChatMeta, chatChunksOf, chatCompletionOf } from "./chat-completion-encoder.js";
import { openAiErrorOf } from "./openai-error.js";
import { OpenAiSseWriter } from "./openai-sse-writer.js";
import { type ResponseMeta, responseEventsOf, responseOf } from "./responses-encoder.js";
import type { RespondToTurn } from "./serve-app-call.js";
import { streamTurn } from "./stream-turn.js";

/** Runs a turn to its end: the final event, and the reasoning streamed on the way (Chat Completions' `reasoning_content`). */
async function untilDone(events: AsyncIterable<AnswerEvent>): Promise<{ done: AnswerDone; reasoning: string }> {
  let reasoning = "";
  for await (const event of events) {
    if (event.type === "reasoning") reasoning += event.delta;
    if (event.type === "done") return { done: event, reasoning };
  }
  throw new Error("the run ended without a final event");
}

const sent = async (reply: FastifyReply, body: unknown, done: AnswerDone) => {
  await reply.send(body);
  return { status: 200, errorCode: null, streamed: false, done };
};

/** Answers a turn as a Chat Completion: one `chat.completion`, or `chat.completion.chunk`s ending in `data: [DONE]`. */
export function respondAsChatCompletion(meta: ChatMeta, options: { stream: boolean; withThoughts: boolean }): RespondToTurn {
  return async (request, reply, turn, _parsed, source) => {
    const events = answerEventsOf(turn, options.withThoughts);
    if (!options.stream) {
      const { done, reasoning } = await untilDone(events);
      return sent(reply, chatCompletionOf(done, reasoning, meta), done);
    }
    const sse = new OpenAiSseWriter(reply);
    return streamTurn(
      request,
      reply,
      chatChunksOf(events, meta),
      {
        open: () => sse.open(),
        write: (item) => sse.data(item.chunk),
        // OpenAI ends a failed stream with an error object and no [DONE]; its SDKs throw an APIError.
        fail: (_status, error, requestId) => sse.data(openAiErrorOf(error, requestId).body),
        end: (completed) => {
          if (completed) sse.done();
          sse.end();
        },
      },
      source,
    );
  };
}

/** Answers a turn as a Response object, or as the Responses event stream. */
export function respondAsResponse(metaOf: (sessionId: string) => ResponseMeta, options: { stream: boolean; withThoughts: boolean }): RespondToTurn {
  return async (request, reply, turn, _parsed, source) => {
    const meta = metaOf(turn.sessionId);
    const events = answerEventsOf(turn, options.withThoughts);
    if (!options.stream) {
      const { done } = await untilDone(events);
      return sent(reply, responseOf(meta, { done }), done);
    }
    const sse = new OpenAiSseWriter(reply);
    let sequence = 0;
    return streamTurn(
      request,
      reply,
      responseEventsOf(events, meta),
      {
        open: () => sse.open(),
        write: (item) => {
          sequence = (item.event as unknown as { sequence_number: number }).sequence_number + 1;
          sse.data(item.event, item.event.type);
        },
        fail: (_status, error, requestId) => {
          const { code, message } = openAiErrorOf(error, requestId).body.error;
          sse.data({ type: "response.failed", sequence_number: sequence, response: responseOf(meta, { failed: { code, message } }) }, "response.failed");
        },
        end: () => sse.end(),
      },
      source,
    );
  };
}
