import type { SearchHit } from "./knowledge-ports.js";
import type { RetrievalHit } from "./knowledge-types.js";

/** The constant of Cormack et al. (2009): it damps the weight of the very first ranks. */
export const RRF_K = 60;

/** One retriever's ranked list; `kind` says where its rank goes in a hit's `sources`. */
export interface RankedList {
  kind: "fulltext" | "vector";
  hits: SearchHit[];
}

/**
 * Reciprocal-rank fusion: a chunk scores Σ 1/(k + rank) over the lists that found it. Raw
 * scores of BM25, ts_rank and cosine are not comparable; ranks are.
 *
 * The fused score is divided by the best a chunk could have reached: rank 1 in every retriever
 * that searched its knowledge base (`retrieversFor`: 2 with an embedding model, 1 without). So
 * the final score is 0..1, 1 meaning "first everywhere", and a knowledge base without vectors
 * is not ranked below one with them for lack of a second list. Best first; ties keep the
 * full-text order.
 */
export function fuseRankings(lists: RankedList[], retrieversFor: (knowledgeBaseId: string) => number, k = RRF_K): RetrievalHit[] {
  const fused = new Map<string, { hit: RetrievalHit; sum: number; firstSeen: number }>();
  let seen = 0;
  for (const list of lists) {
    list.hits.forEach((found, index) => {
      const rank = index + 1;
      let entry = fused.get(found.chunk.id);
      if (!entry) {
        entry = { hit: { chunk: found.chunk, documentName: found.documentName, score: 0, sources: {} }, sum: 0, firstSeen: seen++ };
        fused.set(found.chunk.id, entry);
      }
      // A chunk appears once per list; should a list repeat it, its best rank counts.
      if (entry.hit.sources[list.kind]) return;
      entry.hit.sources[list.kind] = { rank, score: found.score };
      entry.sum += 1 / (k + rank);
    });
  }
  const hits = [...fused.values()].map((entry) => {
    const best = Math.max(1, retrieversFor(entry.hit.chunk.knowledgeBaseId)) / (k + 1);
    entry.hit.score = Math.min(1, entry.sum / best);
    return entry;
  });
  hits.sort((a, b) => b.hit.score - a.hit.score || a.firstSeen - b.firstSeen);
  return hits.map((entry) => entry.hit);
}
