import { describe, expect, it } from "vitest";
import type { SearchHit } from "./knowledge-ports.js";
import type { KnowledgeChunk } from "./knowledge-types.js";
import { fuseRankings, RRF_K } from "./reciprocal-rank-fusion.js";

const chunk = (id: string, knowledgeBaseId = "kb"): KnowledgeChunk => ({
  id,
  documentId: "file_x",
  knowledgeBaseId,
  workspaceId: "ws",
  seq: 0,
  text: id,
  headingPath: [],
  page: null,
  tokenCount: 1,
  enabled: true,
  edited: false,
  createdAt: "",
  updatedAt: "",
});
const hits = (...ids: string[]): SearchHit[] => ids.map((id, i) => ({ chunk: chunk(id), documentName: "d", score: 10 - i }));
const two = () => 2;

describe("reciprocal-rank fusion", () => {
  it("sums 1/(k + rank) over the lists and normalises by the best reachable score", () => {
    const fused = fuseRankings(
      [
        { kind: "fulltext", hits: hits("a", "b", "c") },
        { kind: "vector", hits: hits("b", "a", "d") },
      ],
      two,
    );
    const best = 2 / (RRF_K + 1);
    const score = (...ranks: number[]) => ranks.reduce((s, r) => s + 1 / (RRF_K + r), 0) / best;
    // a and b are 1st and 2nd in one list each: a tie, broken by full-text order.
    expect(fused.map((h) => h.chunk.id)).toEqual(["a", "b", "c", "d"]);
    expect(fused[0]?.score).toBeCloseTo(score(1, 2), 10);
    expect(fused[1]?.score).toBeCloseTo(score(2, 1), 10);
    expect(fused[2]?.score).toBeCloseTo(score(3), 10);
    expect(fused[0]?.sources).toEqual({ fulltext: { rank: 1, score: 10 }, vector: { rank: 2, score: 9 } });
    expect(fused[3]?.sources).toEqual({ vector: { rank: 3, score: 8 } });
  });

  it("gives 1 to a chunk first in every retriever, and does not halve knowledge bases searched by full text only", () => {
    const fused = fuseRankings(
      [
        { kind: "fulltext", hits: [...hits("a"), { chunk: chunk("t", "text-only"), documentName: "d", score: 1 }] },
        { kind: "vector", hits: hits("a") },
      ],
      (kb) => (kb === "text-only" ? 1 : 2),
    );
    expect(fused[0]).toMatchObject({ chunk: { id: "a" }, score: 1 });
    expect(fused[1]?.score).toBeCloseTo((RRF_K + 1) / (RRF_K + 2), 10);
  });

  it("counts a chunk once per list and keeps every score within 0..1", () => {
    const fused = fuseRankings(
      [
        { kind: "fulltext", hits: hits("a", "a") },
        { kind: "vector", hits: hits("x", "a") },
        { kind: "vector", hits: hits("a") },
      ],
      two,
    );
    expect(fused.find((h) => h.chunk.id === "a")?.sources.fulltext?.rank).toBe(1);
    for (const hit of fused) expect(hit.score).toBeGreaterThanOrEqual(0);
    for (const hit of fused) expect(hit.score).toBeLessThanOrEqual(1);
    expect(fuseRankings([], two)).toEqual([]);
  });
});
