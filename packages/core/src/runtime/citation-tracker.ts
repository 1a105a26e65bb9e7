import type { DocReference } from "./agent-events.js";
import { citedIndexes } from "./retrieve-knowledge.js";

/** Longest `<ref>…</ref>` marker `citedIndexes` reads: `<ref>` + at most 40 characters + `</ref>`. */
const LONGEST_MARKER = 5 + 40 + 6;

/**
 * The sources a streaming answer cites so far. Each delta is scanned once, with the last few
 * characters before it (a marker may be split across deltas); scanning the whole answer again
 * on every delta made a long answer cost time quadratic in its length.
 */
export class CitationTracker {
  /** The end of the answer so far, where a marker the next delta finishes may have begun. */
  private tail = "";
  private readonly cited = new Set<number>();

  constructor(private readonly sources: readonly DocReference[]) {}

  add(delta: string): void {
    if (this.sources.length === 0) return;
    const window = this.tail + delta;
    for (const index of citedIndexes(window)) this.cited.add(index);
    this.tail = window.slice(-(LONGEST_MARKER - 1));
  }

  /** The sources cited so far, in the order the agent gave them. */
  citedSources(): DocReference[] {
    return this.cited.size === 0 ? [] : this.sources.filter((s) => this.cited.has(s.index));
  }
}
