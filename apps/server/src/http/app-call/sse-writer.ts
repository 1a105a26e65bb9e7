import type { FastifyReply } from "fastify";
import { SseStream } from "./sse-stream.js";

/**
 * Writes DashScope's SSE framing byte for byte: `id:N`, `event:result|error`,
 * `:HTTP_STATUS/<code>`, `data:<json>`, blank line; no space after colons, no `[DONE]`.
 */
export class SseWriter {
  private nextId = 1;

  private readonly stream: SseStream;

  constructor(reply: FastifyReply) {
    this.stream = new SseStream(reply, { "content-type": "text/event-stream;charset=UTF-8", "x-dashscope-finished": "false" });
  }

  open(): void {
    this.stream.open();
  }

  result(data: unknown): void {
    this.write("result", 200, data);
  }

  error(status: number, data: unknown): void {
    this.write("error", status, data);
  }

  end(): void {
    this.stream.end();
  }

  private write(event: string, status: number, data: unknown): void {
    this.stream.write(`id:${this.nextId++}\nevent:${event}\n:HTTP_STATUS/${status}\ndata:${JSON.stringify(data)}\n\n`);
  }
}

export function wantsStream(headers: Record<string, string | string[] | undefined>): boolean {
  const sse = String(headers["x-dashscope-sse"] ?? "").toLowerCase();
  const accept = String(headers.accept ?? "").toLowerCase();
  return sse === "enable" || accept.includes("text/event-stream");
}
