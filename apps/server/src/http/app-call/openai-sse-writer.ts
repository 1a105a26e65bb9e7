import type { FastifyReply } from "fastify";
import { countOpenStream } from "../../observability/open-streams.js";
import { coalescedWrites } from "./coalesced-writes.js";

/**
 * Writes OpenAI's SSE framing: `data: <json>` frames, named with `event: <type>` on the
 * Responses stream, and `data: [DONE]` at the end of a Chat Completions stream.
 */
export class OpenAiSseWriter {
  private readonly writes: { hold(): void };

  constructor(private readonly reply: FastifyReply) {
    this.writes = coalescedWrites(reply.raw);
  }

  open(): void {
    const raw = this.reply.raw;
    // After hijack Fastify no longer watches the response; see SseWriter for why the listener.
    raw.on("error", (err) => this.reply.log.debug({ err }, "SSE response error"));
    raw.writeHead(200, {
      ...(this.reply.getHeaders() as Record<string, string>),
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    // Sent with the first frame (written next, in this same turn).
    this.writes.hold();
    raw.flushHeaders();
    countOpenStream(raw);
  }

  data(data: unknown, event?: string): void {
    this.write(`${event ? `event: ${event}\n` : ""}data: ${JSON.stringify(data)}\n\n`);
  }

  done(): void {
    this.write("data: [DONE]\n\n");
  }

  end(): void {
    if (!this.reply.raw.writableEnded) this.reply.raw.end();
  }

  private write(frame: string): void {
    if (this.reply.raw.writableEnded || this.reply.raw.destroyed) return;
    this.writes.hold();
    this.reply.raw.write(frame);
  }
}
