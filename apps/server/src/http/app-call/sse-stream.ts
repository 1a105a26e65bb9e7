import type { FastifyReply } from "fastify";
import { countOpenStream } from "../../observability/open-streams.js";
import { coalescedWrites } from "./coalesced-writes.js";

/**
 * The transport under both SSE framings (DashScope's and OpenAI's): status and headers, coalesced
 * frame writes, and the end. The writers above it only decide what a frame looks like.
 */
export class SseStream {
  private readonly writes: ReturnType<typeof coalescedWrites>;

  constructor(
    private readonly reply: FastifyReply,
    private readonly headers: Record<string, string>,
  ) {
    this.writes = coalescedWrites(reply.raw);
  }

  open(): void {
    const raw = this.reply.raw;
    // After hijack Fastify no longer watches the response; an 'error' event without a listener
    // (a write racing a reset connection) would be thrown and end the process. The disconnect
    // itself is noticed through 'close' and aborts the run.
    raw.on("error", (err) => this.reply.log.debug({ err }, "SSE response error"));
    raw.writeHead(200, {
      ...(this.reply.getHeaders() as Record<string, string>),
      "cache-control": "no-cache",
      connection: "keep-alive",
      // Tells nginx-style proxies not to buffer, so deltas reach the client as they happen.
      "x-accel-buffering": "no",
      ...this.headers,
    });
    // Sent with the first frame (written next, in this same turn).
    this.writes.hold();
    raw.flushHeaders();
    countOpenStream(raw);
  }

  write(frame: string): void {
    if (this.reply.raw.writableEnded || this.reply.raw.destroyed) return;
    this.writes.beforeWrite();
    this.reply.raw.write(frame);
  }

  end(): void {
    if (!this.reply.raw.writableEnded) this.reply.raw.end();
  }
}
