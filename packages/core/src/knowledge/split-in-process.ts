import type { Chunker, DocumentParser, DocumentSplitter } from "./knowledge-ports.js";

/**
 * A {@link DocumentSplitter} that parses and chunks on the calling thread. The server runs it
 * inside a worker thread (adapters' `createThreadedSplitter`); tests use it directly.
 */
export function splitInProcess(parser: DocumentParser, chunker: Chunker): DocumentSplitter {
  return {
    async split(input, options) {
      const parsed = await parser.parse(input.content, input.format, options.signal ? { signal: options.signal } : {});
      options.signal?.throwIfAborted();
      options.onChunking?.();
      return { chunks: chunker.chunk(parsed, input.chunking), pageCount: parsed.pageCount };
    },
  };
}
