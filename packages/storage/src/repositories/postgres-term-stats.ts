import type { QueryTerm } from "@appstudio/core";
import { type Kysely, sql } from "kysely";
import type { Database } from "../schema.js";

const STATS_TTL_MS = 60_000;

/**
 * Document frequencies of common words on PostgreSQL for free: ANALYZE (run by autovacuum)
 * keeps the most common lexemes of the `terms` column with the share of rows holding each, in
 * `pg_stats`. Counting matches instead costs 10-20 ms per common word at 100k chunks, paid by
 * the first query that uses the word. A word the statistics do not list is not common.
 */
export class PostgresTermStats {
  readonly #db: Kysely<Database>;
  #stats: { shares: Map<string, number> | undefined; at: number } | undefined;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Estimated chunks holding the term; undefined when the table has no statistics yet (or for a prefix). */
  async estimate(term: QueryTerm, total: number): Promise<number | undefined> {
    const shares = await this.#shares();
    if (!shares || term.prefix) return undefined;
    const { rows } = await sql<{ lexemes: string[] }>`select tsvector_to_array(to_tsvector('english', ${term.text})) as lexemes`.execute(this.#db);
    const lexemes = rows[0]?.lexemes ?? [];
    // A stopword of the configuration: the query drops it anyway.
    if (lexemes.length === 0) return 0;
    const share = Math.min(...lexemes.map((lexeme) => shares.get(lexeme) ?? 0));
    return Math.max(1, Math.round(share * total));
  }

  async #shares(): Promise<Map<string, number> | undefined> {
    const now = Date.now();
    if (this.#stats && now - this.#stats.at <= STATS_TTL_MS) return this.#stats.shares;
    const { rows } = await sql<{ elems: string[] | null; freqs: number[] | null }>`
      select array_to_json(most_common_elems::text::text[]) as elems, most_common_elem_freqs as freqs from pg_stats
      where schemaname = current_schema() and tablename = 'knowledge_chunk_search' and attname = 'terms'`.execute(this.#db);
    const { elems, freqs } = rows[0] ?? { elems: null, freqs: null };
    // The frequency list ends with three summary values (minimum, maximum, null share).
    const shares = elems && freqs ? new Map(elems.map((lexeme, i) => [lexeme, Number(freqs[i] ?? 0)])) : undefined;
    this.#stats = { shares, at: now };
    return shares;
  }
}
