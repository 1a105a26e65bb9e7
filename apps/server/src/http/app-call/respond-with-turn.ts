import type { AppTurn, CallSource, CompletionRequest } from "@appstudio/core";
import type { FastifyReply, FastifyRequest } from "fastify";
import { dashScopeCode } from "../error-table.js";
import { type Envelope, envelopesOf, finalBody } from "./envelopes.js";
import { SseWriter, wantsStream } from "./sse-writer.js";
import { type CallOutcome, streamTurn } from "./stream-turn.js";
import { workflowEnvelopesOf, workflowFinalBody } from "./workflow-envelopes.js";

/**
 * Aborts the run when the client goes away before the response is complete, so the upstream
 * model request is cancelled instead of generating tokens nobody reads.
 */
export function abortOnDisconnect(reply: FastifyReply): AbortController {
  const controller = new AbortController();
  const disconnected = () => {
    if (!reply.raw.writableFinished) controller.abort(new Error("client disconnected"));
  };
  // The client may already have gone while the call was being prepared.
  if (reply.raw.destroyed) disconnected();
  else reply.raw.on("close", disconnected);
  return controller;
}

/**
 * Sends a run as JSON, or as SSE when the caller asked for a stream. Errors before the first
 * event propagate (the error handler answers them as plain JSON with their status); errors
 * after it become one `event:error` and the stream ends, as DashScope does.
 */
export async function respondWithTurn(
  request: FastifyRequest,
  reply: FastifyReply,
  turn: AppTurn,
  parsed: CompletionRequest,
  source: CallSource = "api",
): Promise<CallOutcome> {
  const ids = { sessionId: turn.sessionId, requestId: request.id };
  if (!wantsStream(request.headers)) {
    if (turn.kind === "workflow") {
      const { body, done } = await workflowFinalBody(turn.events, parsed, ids);
      await reply.send(body);
      return { status: 200, errorCode: null, streamed: false, done };
    }
    for await (const event of turn.events) {
      if (event.type === "done") {
        await reply.send(finalBody(event, parsed, ids));
        return { status: 200, errorCode: null, streamed: false, done: event };
      }
    }
    throw new Error("the run ended without a final event");
  }

  const envelopes: AsyncIterable<{ envelope: Envelope; final: CallOutcome["done"] }> =
    turn.kind === "workflow" ? workflowEnvelopesOf(turn.events, parsed, ids) : envelopesOf(turn.events, parsed, ids);
  const sse = new SseWriter(reply);
  return streamTurn(
    request,
    reply,
    envelopes,
    {
      open: () => sse.open(),
      write: (item) => sse.result(item.envelope),
      fail: (status, error, requestId) => sse.error(status, { code: dashScopeCode(error.code), message: error.message, request_id: requestId }),
      end: () => sse.end(),
    },
    source,
  );
}
