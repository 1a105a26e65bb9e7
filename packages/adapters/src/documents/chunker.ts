import type { Chunker } from "@appstudio/core";
import { blocksToPieces } from "./chunk-pieces.js";
import { packChunks } from "./pack-chunks.js";
import { sharedTokenizer } from "./tokenizer.js";

/**
 * Structure-aware chunking measured in cl100k_base tokens: see `blocksToPieces` (how blocks are
 * cut) and `packChunks` (how pieces are grouped, overlapped and counted). The overlap is kept
 * below half a chunk so every chunk brings mostly new text.
 */
export function createChunker(): Chunker {
  // The tokenizer's rank table takes ~0.3 s to build: on the first count, not at server start.
  const count = (text: string) => sharedTokenizer().count(text);
  return {
    countTokens: count,
    chunk(document, settings) {
      const limit = Math.max(1, Math.floor(settings.chunkTokens));
      const overlap = Math.max(0, Math.min(Math.floor(settings.overlapTokens), Math.floor(limit / 2)));
      return packChunks(blocksToPieces(document.blocks, limit, count), limit, overlap, count);
    },
  };
}
