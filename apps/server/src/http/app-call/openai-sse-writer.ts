import type { FastifyReply } from "fastify";
import { SseStream } from "./sse-stream.js";

/**
 * Writes OpenAI's SSE framing: `data: <json>` frames, named with `event: <type>` on the
 * Responses stream, and `data: [DONE]` at the end of a Chat Completions stream.
 */
export class OpenAiSseWriter {
  private readonly stream: SseStream;

  constructor(reply: FastifyReply) {
    this.stream = new SseStream(reply, { "content-type": "text/event-stream; charset=utf-8" });
  }

  open(): void {
    this.stream.open();
  }

  data(data: unknown, event?: string): void {
    this.stream.write(`${event ? `event: ${event}\n` : ""}data: ${JSON.stringify(data)}\n\n`);
  }

  done(): void {
    this.stream.write("data: [DONE]\n\n");
  }

  end(): void {
    this.stream.end();
  }
}
