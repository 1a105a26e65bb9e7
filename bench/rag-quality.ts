import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createChunker, createDocumentParser } from "@appstudio/adapters";
import type { KnowledgeChunk } from "@appstudio/core";
import { EMBEDDING_MODEL, openRagBench, storeDocument } from "./rag-setup.js";

/**
 * Retrieval quality on the committed set (bench/rag-data): the documents go through the real
 * parser and chunker into SQLite with the fake model's vectors; each question counts as found
 * when one of the first 5 chunks contains its expected passage.
 */

interface Question {
  question: string;
  document: string;
  passage: string;
}

export interface QualityResult {
  questions: number;
  chunks: number;
  /** Recall@5 per retriever, overall and per language. */
  recall: Record<"fullText" | "vector" | "hybrid", { all: number; en: number; zh: number }>;
}

const K = 5;
const DATA = join(import.meta.dirname, "rag-data");
const CJK = /[\u3400-\u9fff]/;
const compact = (text: string) => text.replace(/\s+/g, "");

export async function measureQuality(): Promise<QualityResult> {
  const questions = JSON.parse(readFileSync(join(DATA, "questions.json"), "utf8")) as Question[];
  const bench = await openRagBench("sqlite");
  try {
    const parser = createDocumentParser();
    const chunker = createChunker();
    let chunks = 0;
    for (const name of [...new Set(questions.map((q) => q.document))]) {
      const bytes = readFileSync(join(DATA, name));
      const parsed = await parser.parse(bytes, "markdown", {});
      const drafts = chunker.chunk(parsed, { chunkTokens: 128, overlapTokens: 16 });
      chunks += drafts.length;
      await storeDocument(bench, name, drafts, bench.embed);
    }

    const scope = { workspaceId: bench.workspaceId, knowledgeBaseIds: [bench.knowledgeBaseId] };
    const found = (hits: KnowledgeChunk[], q: Question) => hits.slice(0, K).some((c) => compact(c.text).includes(compact(q.passage)));
    const tally = { fullText: [] as boolean[], vector: [] as boolean[], hybrid: [] as boolean[] };
    for (const q of questions) {
      const [embedding] = await bench.embed([q.question]);
      const fullText = await bench.repos.knowledgeSearch.fullText(q.question, scope, K);
      const vector = await bench.repos.knowledgeSearch.vector(embedding as number[], { ...scope, model: EMBEDDING_MODEL }, K);
      const hybrid = await bench.retriever.retrieve({ ...scope, query: q.question, topK: K });
      tally.fullText.push(
        found(
          fullText.map((h) => h.chunk),
          q,
        ),
      );
      tally.vector.push(
        found(
          vector.map((h) => h.chunk),
          q,
        ),
      );
      tally.hybrid.push(
        found(
          hybrid.map((h) => h.chunk),
          q,
        ),
      );
      if (process.env.BENCH_RAG_VERBOSE && !tally.hybrid.at(-1)) console.log(`  missed by hybrid: ${q.question}`);
    }
    const isZh = questions.map((q) => CJK.test(q.question));
    const rate = (hits: boolean[], keep: (i: number) => boolean) => {
      const picked = hits.filter((_, i) => keep(i));
      return picked.filter(Boolean).length / Math.max(1, picked.length);
    };
    const summary = (hits: boolean[]) => ({ all: rate(hits, () => true), en: rate(hits, (i) => !isZh[i]), zh: rate(hits, (i) => !!isZh[i]) });
    return { questions: questions.length, chunks, recall: { fullText: summary(tally.fullText), vector: summary(tally.vector), hybrid: summary(tally.hybrid) } };
  } finally {
    await bench.close();
  }
}
