import { createChunker, createDocumentParser } from "@appstudio/adapters";
import { makePdf } from "../packages/adapters/src/documents/testing/sample-documents.js";
import { openRagBench, storeDocument } from "./rag-setup.js";

/**
 * Ingestion throughput: a generated PDF (text layer, headings) through the real parser and
 * chunker (500/50 tokens, the defaults), stored in SQLite with its search index, and once more
 * with vectors from the fake model over HTTP. In this process, one document at a time.
 */
export interface ThroughputResult {
  pages: number;
  chunks: number;
  /** Parse + chunk + store (full-text index included). */
  pagesPerSecond: number;
  /** The same plus `/embeddings` (fake model on loopback) and vector storage. */
  pagesPerSecondWithVectors: number;
}

const SENTENCES = [
  "The gateway keeps every request in a log with its latency, token counts and the API key that made it.",
  "Operators rotate provider keys every quarter and test the connection from the console afterwards.",
  "Backups are taken nightly with a consistent snapshot and kept for a week before they are pruned.",
  "A workspace groups apps, keys and members so that teams can work without seeing each other's data.",
  "Rate limits protect the upstream models from bursts and answer with a clear retry interval instead.",
  "Documents are split into chunks along headings and paragraphs so that each chunk keeps its context.",
];

function pageText(page: number): string[] {
  const paragraph = (k: number) => Array.from({ length: 4 }, (_, i) => SENTENCES[(page + k + i) % SENTENCES.length]).join(" ");
  return [`# Chapter ${page + 1}`, paragraph(0), paragraph(1), paragraph(2), paragraph(3)];
}

export async function measureThroughput(pages: number, rounds: number): Promise<ThroughputResult> {
  const pdf = await makePdf(
    Array.from({ length: pages }, (_, i) => pageText(i)),
    { title: "Throughput sample" },
  );
  const bench = await openRagBench("sqlite");
  const parser = createDocumentParser();
  const chunker = createChunker();
  try {
    const run = async (withVectors: boolean) => {
      let chunks = 0;
      const started = performance.now();
      for (let r = 0; r < rounds; r++) {
        const parsed = await parser.parse(pdf, "pdf", {});
        const drafts = chunker.chunk(parsed, { chunkTokens: 500, overlapTokens: 50 });
        chunks += drafts.length;
        await storeDocument(bench, `sample-${withVectors}-${r}.pdf`, drafts, withVectors ? bench.embed : undefined);
      }
      return { chunks: chunks / rounds, pagesPerSecond: (pages * rounds) / ((performance.now() - started) / 1000) };
    };
    await run(false); // warm-up: module loading, JIT, the first statements prepared
    const plain = await run(false);
    const vectors = await run(true);
    return { pages, chunks: plain.chunks, pagesPerSecond: plain.pagesPerSecond, pagesPerSecondWithVectors: vectors.pagesPerSecond };
  } finally {
    await bench.close();
  }
}
