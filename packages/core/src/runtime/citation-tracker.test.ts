import { describe, expect, it } from "vitest";
import type { DocReference } from "./agent-events.js";
import { CitationTracker } from "./citation-tracker.js";
import { citedSources } from "./retrieve-knowledge.js";

const source = (index: number): DocReference => ({
  index,
  documentId: `doc${index}`,
  documentName: `Doc ${index}`,
  chunkId: `c${index}`,
  title: "",
  text: `text ${index}`,
  pages: [],
});
const sources = [source(1), source(2), source(3)];

function track(deltas: string[]) {
  const tracker = new CitationTracker(sources);
  return deltas.map((d) => {
    tracker.add(d);
    return tracker.citedSources().map((s) => s.index);
  });
}

describe("CitationTracker", () => {
  it("finds markers as the answer streams, also when a marker is split across deltas", () => {
    expect(track(["Paris", " is the capital <re", "f>[2]</r", "ef>.", " Also <ref>[1,3]</ref>"])).toEqual([[], [], [], [2], [1, 2, 3]]);
  });

  it("agrees with citedSources over the whole answer, however it is split", () => {
    const answer = "A<ref>[3]</ref> b <ref>[1][9]</ref> c <ref>not a number</ref> d<ref>[2]";
    for (const size of [1, 2, 3, 7, 50]) {
      const deltas = answer.match(new RegExp(`[\\s\\S]{1,${size}}`, "g")) ?? [];
      expect(track(deltas).at(-1)).toEqual(citedSources(answer, sources, "none").map((s) => s.index));
    }
  });

  it("lists sources in the agent's order, and none for an agent without sources", () => {
    expect(track(["<ref>[3]</ref><ref>[1]</ref>"])).toEqual([[1, 3]]);
    const none = new CitationTracker([]);
    none.add("<ref>[1]</ref>");
    expect(none.citedSources()).toEqual([]);
  });

  it("keeps only a short tail of a long answer", () => {
    const tracker = new CitationTracker(sources);
    for (let i = 0; i < 10_000; i++) tracker.add("word ");
    tracker.add("<ref>[2]</ref>");
    expect(tracker.citedSources().map((s) => s.index)).toEqual([2]);
    expect((tracker as unknown as { tail: string }).tail.length).toBeLessThanOrEqual(50);
  });
});
