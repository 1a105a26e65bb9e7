import type { ChunkDraft } from "@appstudio/core";
import { fakeEmbedding } from "@appstudio/core/testing";
import type { DialectName } from "@appstudio/storage";
import { sql } from "kysely";
import { EMBEDDING_MODEL, openRagBench, percentile, type RagBench, storeDocument } from "./rag-setup.js";

/**
 * Retrieval latency over a synthetic corpus grown to each size in one knowledge base: English
 * chunks of ~80 Zipf-distributed words and, one in four, Chinese chunks of ~150 characters, all
 * with the fake model's vectors. Queries are a few words (or a Chinese phrase) taken from random
 * chunks, so every one has matches. One query at a time, after a warm-up.
 */

export interface LatencyRow {
  dialect: DialectName;
  chunks: number;
  retriever: "full-text" | "vector" | "hybrid";
  p50: number;
  p99: number;
  /** Seconds it took to store the chunks added for this size (triggers, index, vectors). */
  loadSeconds: number;
}

const CHUNKS_PER_DOCUMENT = 1000;
const HAN =
  "的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴切";

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same corpus. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function corpus(seed = 42) {
  const next = random(seed);
  const syllables = ["ka", "lo", "mi", "ter", "an", "ros", "vel", "pi", "dun", "sar", "e", "qua", "zen", "bor", "li", "ma", "tis", "on", "gra", "fe"];
  const vocabulary = Array.from({ length: 5000 }, () => {
    let word = "";
    const n = 2 + Math.floor(next() * 3);
    for (let i = 0; i < n; i++) word += syllables[Math.floor(next() * syllables.length)];
    return word;
  });
  // Zipf: word i is drawn with weight 1/(i+1), like words in real text.
  const cumulative: number[] = [];
  let sum = 0;
  for (let i = 0; i < vocabulary.length; i++) {
    sum += 1 / (i + 1);
    cumulative.push(sum);
  }
  const word = () => {
    const x = next() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return vocabulary[lo] as string;
  };
  const chunkText = () => {
    if (next() < 0.25) return Array.from({ length: 150 }, () => HAN[Math.floor(next() ** 2 * HAN.length)]).join("");
    return Array.from({ length: 80 }, word).join(" ");
  };
  const queryFrom = (text: string) => {
    if (/[\u4e00-\u9fff]/.test(text)) {
      const at = Math.floor(next() * (text.length - 6));
      return text.slice(at, at + 6);
    }
    const words = text.split(" ");
    return Array.from({ length: 4 }, () => words[Math.floor(next() * words.length)]).join(" ");
  };
  return { chunkText, queryFrom, pick: (n: number) => Math.floor(next() * n) };
}

async function grow(bench: RagBench, make: ReturnType<typeof corpus>, from: number, to: number, samples: string[]) {
  for (let n = from; n < to; n += CHUNKS_PER_DOCUMENT) {
    const drafts: ChunkDraft[] = Array.from({ length: Math.min(CHUNKS_PER_DOCUMENT, to - n) }, (_, seq) => {
      const text = make.chunkText();
      return { seq, text, headingPath: ["Synthetic"], page: null, tokenCount: 100 };
    });
    if (samples.length < 2000) samples.push(...drafts.slice(0, 20).map((d) => d.text));
    await storeDocument(bench, `synthetic-${n}.txt`, drafts, (texts) => texts.map((t) => fakeEmbedding(t)));
    await yieldToEventLoop();
  }
}

/**
 * SQLite queries run synchronously inside promise callbacks: without a turn of the event loop
 * between queries, timers and sockets (the fake model server's keep-alive) would not be served
 * for the whole run, as they are in a server handling requests.
 */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

async function time(queries: string[], run: (q: string) => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (const q of queries.slice(0, 20)) await run(q);
  const took: number[] = [];
  for (const q of queries) {
    await yieldToEventLoop();
    const started = performance.now();
    await run(q);
    took.push(performance.now() - started);
  }
  took.sort((a, b) => a - b);
  return { p50: percentile(took, 50), p99: percentile(took, 99) };
}

export async function measureLatency(dialect: DialectName, sizes: number[], queryCount: number, report: (row: LatencyRow) => void): Promise<void> {
  const bench = await openRagBench(dialect);
  try {
    const make = corpus();
    const samples: string[] = [];
    const scope = { workspaceId: bench.workspaceId, knowledgeBaseIds: [bench.knowledgeBaseId] };
    let stored = 0;
    for (const size of sizes) {
      const started = performance.now();
      await grow(bench, make, stored, size, samples);
      const loadSeconds = (performance.now() - started) / 1000;
      // What autovacuum does within a minute of such a load on a running server: statistics, from
      // which the full-text search estimates how common each query word is.
      if (dialect === "postgres") await sql`analyze knowledge_chunk_search`.execute(bench.db.handle.db);
      stored = size;
      const queries = Array.from({ length: queryCount }, () => make.queryFrom(samples[make.pick(samples.length)] as string));
      const vectors = new Map(queries.map((q) => [q, fakeEmbedding(q)]));
      const rows: [LatencyRow["retriever"], (q: string) => Promise<unknown>][] = [
        ["full-text", (q) => bench.repos.knowledgeSearch.fullText(q, scope, 50)],
        ["vector", (q) => bench.repos.knowledgeSearch.vector(vectors.get(q) as number[], { ...scope, model: EMBEDDING_MODEL }, 50)],
        ["hybrid", (q) => bench.retriever.retrieve({ ...scope, query: q, topK: 5 })],
      ];
      for (const [retriever, run] of rows) report({ dialect, chunks: size, retriever, loadSeconds, ...(await time(queries, run)) });
    }
  } finally {
    await bench.close();
  }
}
