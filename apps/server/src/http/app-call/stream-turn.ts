import type { AppError, CallSource, ModelUsage } from "@appstudio/core";
import type { FastifyReply, FastifyRequest } from "fastify";
import { statusOf } from "../error-table.js";
import { toAppError } from "../to-app-error.js";
import { CLIENT_CLOSED, errorForCaller, logDiagnostic } from "./failed-call.js";

/** How a call ended, for the call log and metrics. */
export interface CallOutcome {
  status: number;
  errorCode: string | null;
  streamed: boolean;
  /** The final answer and token totals, when the run completed. */
  done: { text: string; usage: ModelUsage[] } | null;
}

/** One frame of a stream; `final` is set on the frame that carries the end of the turn. */
export interface StreamItem {
  final: CallOutcome["done"];
}

/** How one surface frames its stream (DashScope's SSE, OpenAI's SSE). */
export interface StreamWriter<T extends StreamItem> {
  /** Sends the status line and headers. */
  open(): void;
  write(item: T): void;
  /** The error that ended a stream after it started, already cleaned for the caller. */
  fail(status: number, error: AppError, requestId: string): void;
  /** Ends the response (a trailer such as `data: [DONE]` goes here). */
  end(completed: boolean): void;
}

/**
 * Streams a turn's frames. The first frame is awaited before anything is sent, so an error
 * before it propagates and is answered as a plain error body with its status; an error after
 * it becomes the writer's error frame and the stream ends.
 */
export async function streamTurn<T extends StreamItem>(
  request: FastifyRequest,
  reply: FastifyReply,
  items: AsyncIterable<T>,
  writer: StreamWriter<T>,
  source: CallSource,
): Promise<CallOutcome> {
  const stream = items[Symbol.asyncIterator]();
  const first = await stream.next();
  reply.hijack();
  writer.open();
  let done: CallOutcome["done"] = null;
  let completed = false;
  try {
    for (let step = first; !step.done; step = await stream.next()) {
      writer.write(step.value);
      if (step.value.final) done = step.value.final;
    }
    completed = true;
    return { status: 200, errorCode: null, streamed: true, done };
  } catch (error) {
    if (reply.raw.destroyed) return { ...CLIENT_CLOSED, streamed: true, done };
    const { appError, unexpected } = toAppError(error);
    if (unexpected) request.log.error({ err: error }, "app run failed mid-stream");
    logDiagnostic(request, appError);
    const status = statusOf[appError.code];
    writer.fail(status, errorForCaller(appError, source), request.id);
    return { status, errorCode: appError.code, streamed: true, done };
  } finally {
    writer.end(completed);
    // Left early (a write failed): closing the iterator stops the run behind it.
    await stream.return?.(undefined).catch(() => undefined);
  }
}
