import { parentPort } from "node:worker_threads";
import type { Chunker, DocumentFormat, DocumentParser } from "@appstudio/core";
import type { SplitMessage, SplitRequest } from "./threaded-splitter.js";

/** The worker side of the threaded splitter: answers requests one at a time, for as long as the thread lives. */
export function serveSplitRequests(parser: DocumentParser, chunker: Chunker): void {
  const port = parentPort;
  if (!port) throw new Error("serveSplitRequests runs inside a worker thread");
  port.on("message", async (request: SplitRequest) => {
    const answer = (message: SplitMessage) => port.postMessage(message);
    try {
      const parsed = await parser.parse(request.content, request.format as DocumentFormat, {});
      answer({ type: "chunking" });
      const chunks = chunker.chunk(parsed, request.chunking);
      answer({ type: "done", chunks, pageCount: parsed.pageCount });
    } catch (error) {
      const e = error as { name?: string; code?: unknown; message?: string; stack?: string };
      answer({
        type: "failed",
        // Only our own errors carry a code through: their messages are written for users.
        ...(e?.name === "AppError" && typeof e.code === "string" ? { code: e.code } : {}),
        message: e?.message ?? String(error),
        ...(e?.stack ? { stack: e.stack } : {}),
      });
    }
  });
}
