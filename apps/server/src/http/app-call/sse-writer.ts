import type { FastifyReply } from "fastify";
import { countOpenStream } from "../../observability/open-streams.js";
import { coalescedWrites } from "./coalesced-writes.js";

/**
 * Writes DashScope's SSE framing byte for byte: `id:N`, `event:result|error`,
 * `:HTTP_STATUS/<code>`, `data:<json>`, blank line; no space after colons, no `[DONE]`.
 */
export class SseWriter {
  private nextId = 1;

  private readonly writes: { hold(): void };

  constructor(private readonly reply: FastifyReply) {
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
      "content-type": "text/event-stream;charset=UTF-8",
      "cache-control": "no-cache",
      connection: "keep-alive",
      "x-dashscope-finished": "false",
      // Tells nginx-style proxies not to buffer, so deltas reach the client as they happen.
      "x-accel-buffering": "no",
    });
    // Sent with the first frame (written next, in this same turn).
    this.writes.hold();
    raw.flushHeaders();
    countOpenStream(raw);
  }

  result(data: unknown): void {
    this.write("result", 200, data);
  }

  error(status: number, data: unknown): void {
    this.write("error", status, data);
  }

  end(): void {
    if (!this.reply.raw.writableEnded) this.reply.raw.end();
  }

  private write(event: string, status: number, data: unknown): void {
    if (this.reply.raw.writableEnded || this.reply.raw.destroyed) return;
    this.writes.hold();
    this.reply.raw.write(`id:${this.nextId++}\nevent:${event}\n:HTTP_STATUS/${status}\ndata:${JSON.stringify(data)}\n\n`);
  }
}

export function wantsStream(headers: Record<string, string | string[] | undefined>): boolean {
  const sse = String(headers["x-dashscope-sse"] ?? "").toLowerCase();
  const accept = String(headers.accept ?? "").toLowerCase();
  return sse === "enable" || accept.includes("text/event-stream");
}
