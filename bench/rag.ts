/**
 * Benchmark of knowledge retrieval (docs/performance.md, "Retrieval"):
 *
 * 1. quality: recall@5 of full-text, vector and hybrid retrieval on the committed question set
 *    (bench/rag-data: 4 documents, 2 in Chinese, 63 question → passage pairs), vectors from the
 *    fake model server's deterministic `/embeddings`;
 * 2. ingestion throughput in PDF pages per second;
 * 3. retrieval latency p50/p99 at 10k and 100k chunks on SQLite, and on PostgreSQL when
 *    TEST_DATABASE_URL or DATABASE_URL names a server (a temporary database is created and
 *    dropped; nothing else is touched).
 *
 * Everything runs in this process against 127.0.0.1. A few minutes at most on 2 cores.
 *
 *   npm run bench:rag
 *   BENCH_RAG_SIZES=10000 BENCH_RAG_QUERIES=100 npm run bench:rag     (a quicker run)
 *   BENCH_RAG_PARTS=quality npm run bench:rag                         (quality only)
 */
import type { DialectName } from "@appstudio/storage";
import { type LatencyRow, measureLatency } from "./rag-latency.js";
import { measureQuality } from "./rag-quality.js";
import { ms } from "./rag-setup.js";
import { measureThroughput } from "./rag-throughput.js";

const GOAL_P99_MS = 50;
const sizes = (process.env.BENCH_RAG_SIZES ?? "10000,100000").split(",").map(Number);
const queries = Number(process.env.BENCH_RAG_QUERIES ?? 200);
const parts = new Set((process.env.BENCH_RAG_PARTS ?? "quality,throughput,latency").split(","));
const postgresUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
const pct = (x: number) => `${(x * 100).toFixed(0)} %`;

async function main() {
  console.log(`Node ${process.version}, ${new Date().toISOString()}\n`);

  if (parts.has("quality")) {
    const quality = await measureQuality();
    console.log(`## Retrieval quality: recall@5, ${quality.questions} questions over ${quality.chunks} chunks (SQLite)\n`);
    console.log("| retriever | all | English | Chinese |\n|---|---:|---:|---:|");
    for (const [name, r] of Object.entries(quality.recall)) console.log(`| ${name} | ${pct(r.all)} | ${pct(r.en)} | ${pct(r.zh)} |`);
    console.log();
  }

  if (parts.has("throughput")) {
    const t = await measureThroughput(40, 3);
    console.log(`## Ingestion: a ${t.pages}-page PDF (${t.chunks} chunks of ≤500 tokens), SQLite\n`);
    console.log(
      `parse + chunk + store: ${t.pagesPerSecond.toFixed(0)} pages/s; with fake /embeddings and vectors: ${t.pagesPerSecondWithVectors.toFixed(0)} pages/s\n`,
    );
  }

  if (parts.has("latency")) {
    const dialects: DialectName[] = ["sqlite"];
    if (postgresUrl) {
      process.env.TEST_DATABASE_URL = postgresUrl;
      dialects.push("postgres");
    }
    console.log(`## Retrieval latency, one query at a time, ${queries} queries per row (ms)\n`);
    console.log("| database | chunks | retriever | p50 | p99 | goal p99 ≤ 50 | load s |\n|---|---:|---|---:|---:|---|---:|");
    const report = (r: LatencyRow) =>
      console.log(
        `| ${r.dialect} | ${r.chunks} | ${r.retriever} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.p99 <= GOAL_P99_MS ? "met" : "missed"} | ${r.loadSeconds.toFixed(0)} |`,
      );
    for (const dialect of dialects) await measureLatency(dialect, sizes, queries, report);
    if (!postgresUrl) console.log("\n(PostgreSQL skipped: set TEST_DATABASE_URL or DATABASE_URL to include it.)");
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
