import type { QueryTerm } from "@appstudio/core";

/** Below this many indexed chunks every term is kept: scoring all matches is cheap anyway. */
const PRUNE_FROM_CHUNKS = 20_000;
/**
 * How much of the index one query may make the database match and rank. Cost grows with the
 * matches: FTS5 ranks one in ~0.5 µs, PostgreSQL needs ~8 µs (it reads the match's row for its
 * tsvector), so PostgreSQL gets the smaller shares.
 *
 * - `commonShare`: a term in more than this share of all chunks is "common" and left out when
 *   the query has rarer terms;
 * - `budgetShare`: the rare terms kept may together match at most about this share (the most
 *   common leave first, two always stay) — a query that broad no ranking orders well anyway.
 */
export const PRUNING = {
  sqlite: { commonShare: 0.1, budgetShare: 0.2 },
  postgres: { commonShare: 0.03, budgetShare: 0.05 },
} as const;
const TTL_MS = 60_000;
/** The chunk total is one cheap count: re-read often, so a knowledge base that just grew is pruned soon. */
const TOTAL_TTL_MS = 10_000;
const MAX_ENTRIES = 20_000;

/**
 * Leaves out of a full-text query the terms that occur in a large share of all chunks, when
 * the query has rarer ones. Ranking hardly changes (BM25 gives such terms little or no weight;
 * FTS5 none at all above half of the rows) but the database no longer has to score most of the
 * index: at 100k chunks a query with a word found in 70 % of them took ~35 ms in BM25 alone.
 * The idea of Elasticsearch's "common terms" cut-off. Counts come from the index itself, stop
 * just past the cut-off (whether a term is common is all that matters; counting all 70k
 * matches cost PostgreSQL ~80 ms) and are cached for a minute (a frequency moves slowly).
 */
export class TermFrequencies {
  readonly #countMatches: (term: QueryTerm, atMost: number, total: number) => Promise<number>;
  readonly #countChunks: () => Promise<number>;
  readonly #cache = new Map<string, { count: number; atMost: number; at: number }>();
  #total: { count: number; at: number } | undefined;
  readonly #pruneFrom: number;
  readonly #commonShare: number;
  readonly #budgetShare: number;

  /** `countMatches(term, atMost, total)`: chunks holding the term, counted (or estimated) up to `atMost`. */
  constructor(
    countMatches: (term: QueryTerm, atMost: number, total: number) => Promise<number>,
    countChunks: () => Promise<number>,
    options: { pruneFromChunks?: number; commonShare?: number; budgetShare?: number } = {},
  ) {
    this.#countMatches = countMatches;
    this.#countChunks = countChunks;
    this.#pruneFrom = options.pruneFromChunks ?? PRUNE_FROM_CHUNKS;
    this.#commonShare = options.commonShare ?? PRUNING.sqlite.commonShare;
    this.#budgetShare = options.budgetShare ?? PRUNING.sqlite.budgetShare;
  }

  /**
   * The terms worth searching for. `common` is true when every term left is common: the query
   * will match a large share of the index whatever is done (a caller may bound the work).
   */
  async selective(terms: QueryTerm[]): Promise<{ terms: QueryTerm[]; common: boolean }> {
    if (terms.length === 0) return { terms, common: false };
    const now = Date.now();
    if (!this.#total || now - this.#total.at > TOTAL_TTL_MS) this.#total = { count: await this.#countChunks(), at: now };
    const total = this.#total.count;
    if (total < this.#pruneFrom) return { terms, common: false };
    const cutoff = Math.floor(total * this.#commonShare);
    const counted = await Promise.all(terms.map(async (term) => ({ term, count: await this.#frequency(term, cutoff + 1, total, now) })));
    const present = counted.filter((c) => c.count > 0);
    const rare = present.filter((c) => c.count <= cutoff);
    if (rare.length > 0) {
      const kept: typeof rare = [];
      let matches = 0;
      for (const c of [...rare].sort((a, b) => a.count - b.count)) {
        if (kept.length >= 2 && matches + c.count > total * this.#budgetShare) break;
        kept.push(c);
        matches += c.count;
      }
      // In the query's own order, which FTS5 and ts_rank do not care about but logs do.
      return { terms: rare.filter((c) => kept.includes(c)).map((c) => c.term), common: false };
    }
    // Only common terms (counts stopped at the cut-off, so no order among them): two of them still rank something.
    return {
      terms: present
        .sort((a, b) => a.count - b.count)
        .slice(0, 2)
        .map((c) => c.term),
      common: present.length > 0,
    };
  }

  async #frequency(term: QueryTerm, atMost: number, total: number, now: number): Promise<number> {
    const key = `${term.prefix ? "*" : ""}${term.text}`;
    const cached = this.#cache.get(key);
    // A count that stopped at its limit says "at least that many": good for a limit as low or lower.
    const exactEnough = cached && (cached.count < cached.atMost || cached.atMost >= atMost);
    if (cached && exactEnough && now - cached.at <= TTL_MS) return Math.min(cached.count, atMost);
    const count = Math.min(atMost, await this.#countMatches(term, atMost, total));
    if (this.#cache.size >= MAX_ENTRIES) this.#cache.delete(this.#cache.keys().next().value as string);
    this.#cache.set(key, { count, atMost, at: now });
    return count;
  }
}
