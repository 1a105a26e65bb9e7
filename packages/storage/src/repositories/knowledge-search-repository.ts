import {
  type KnowledgeChunk,
  type KnowledgeDocument,
  type KnowledgeSearchRepository,
  type QueryTerm,
  queryTerms,
  type SearchHit,
  type SearchScope,
} from "@appstudio/core";
import { type Kysely, sql } from "kysely";
import type { DialectName } from "../dialects/create-database.js";
import type { Database } from "../schema.js";
import { ExactVectorIndex } from "./exact-vector-index.js";
import { scopeConditions, scopeIsEmpty } from "./knowledge-search-filters.js";
import { PostgresTermStats } from "./postgres-term-stats.js";
import { bool, json } from "./row-helpers.js";
import { SqliteVecIndex } from "./sqlite-vec-index.js";
import { PRUNING, TermFrequencies } from "./term-frequencies.js";

/** How vectors are compared: in the database (sqlite-vec, pgvector) or in this process. */
type VectorEngine = "sqlite-vec" | "pgvector" | "exact";

const WRITE_BATCH = 200;
/** Matches ranked, at most, when every term of a query is common (see TermFrequencies). */
const COMMON_QUERY_SAMPLE = { sqlite: 5000, postgres: 2000 } as const;

/**
 * Full-text and vector search over chunks (tables of migration 0008). Each search first finds
 * chunk IDs with scores from the search tables alone, then reads those chunks; both steps are
 * bounded to the workspace.
 */
export class KyselyKnowledgeSearchRepository implements KnowledgeSearchRepository {
  readonly #db: Kysely<Database>;
  readonly #dialect: DialectName;
  readonly #exact: ExactVectorIndex;
  readonly #vec: SqliteVecIndex;
  readonly #frequencies: TermFrequencies;
  readonly #termStats: PostgresTermStats;
  #engine: Promise<VectorEngine> | undefined;

  /** `pruneFromChunks`: index size from which common terms are left out (tests lower it). */
  constructor(db: Kysely<Database>, dialect: DialectName, options: { pruneFromChunks?: number } = {}) {
    this.#db = db;
    this.#dialect = dialect;
    this.#exact = new ExactVectorIndex(db, dialect);
    this.#vec = new SqliteVecIndex(db);
    const countChunks = async () => {
      const row = await db
        .selectFrom("knowledge_chunk_search")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };
    this.#termStats = new PostgresTermStats(db);
    this.#frequencies = new TermFrequencies((term, atMost, total) => this.#countMatches(term, atMost, total), countChunks, {
      ...(options.pruneFromChunks !== undefined ? { pruneFromChunks: options.pruneFromChunks } : {}),
      ...PRUNING[dialect],
    });
  }

  async fullText(query: string, scope: SearchScope, limit: number): Promise<SearchHit[]> {
    if (scopeIsEmpty(scope)) return [];
    const { terms, common } = await this.#frequencies.selective(queryTerms(query));
    if (terms.length === 0) return [];
    const ranked =
      this.#dialect === "postgres" ? await this.#fullTextPostgres(terms, scope, limit, common) : await this.#fullTextSqlite(terms, scope, limit, common);
    return this.#hydrate(scope.workspaceId, ranked);
  }

  async #fullTextSqlite(terms: QueryTerm[], scope: SearchScope, limit: number, common: boolean) {
    const matches = sql`
      select s.chunk_id, -bm25(knowledge_chunks_fts) as score
      from knowledge_chunks_fts join knowledge_chunk_search s on s.search_key = knowledge_chunks_fts.rowid
      where knowledge_chunks_fts match ${ftsMatch(terms)} and ${scopeConditions("sqlite", "s", scope)}`;
    // See #fullTextPostgres: a query of common words only ranks a bounded sample of its matches.
    const query = common
      ? sql<{
          chunk_id: string;
          score: number;
        }>`select chunk_id, score from (${matches} limit ${COMMON_QUERY_SAMPLE.sqlite}) order by score desc limit ${limit}`
      : sql<{ chunk_id: string; score: number }>`${matches} order by bm25(knowledge_chunks_fts) limit ${limit}`;
    return (await query.execute(this.#db)).rows;
  }

  async #fullTextPostgres(terms: QueryTerm[], scope: SearchScope, limit: number, common: boolean) {
    // ts_rank reads each match's whole tsvector: ranking 70k matches of a word found everywhere
    // took ~150 ms at 100k chunks (BM25 in FTS5 ~40 ms). A query of common words only (which
    // no ranking can order well anyway) ranks a bounded sample of its matches instead.
    const sample = common ? sql`limit ${COMMON_QUERY_SAMPLE.postgres}` : sql``;
    // Normalisation 1: divided by 1 + log(length), so long chunks do not win by size alone.
    const result = await sql<{ chunk_id: string; score: number }>`
      select m.chunk_id, ts_rank(m.terms, q, 1) as score
      from to_tsquery('english', ${tsQuery(terms)}) q,
        lateral (select s.chunk_id, s.terms from knowledge_chunk_search s where s.terms @@ q and ${scopeConditions("postgres", "s", scope)} ${sample}) m
      order by score desc limit ${limit}`.execute(this.#db);
    return result.rows;
  }

  /**
   * Chunks of all workspaces containing the term, up to `atMost`: a document frequency, for
   * {@link TermFrequencies}. PostgreSQL estimates it from its statistics when it has them.
   */
  async #countMatches(term: QueryTerm, atMost: number, total: number): Promise<number> {
    const estimate = this.#dialect === "postgres" ? await this.#termStats.estimate(term, total) : undefined;
    if (estimate !== undefined) return estimate;
    const result =
      this.#dialect === "postgres"
        ? await sql<{ n: string }>`select count(*) as n from (
            select 1 from knowledge_chunk_search where terms @@ to_tsquery('english', ${tsQuery([term])}) limit ${atMost}) m`.execute(this.#db)
        : await sql<{ n: number }>`select count(*) as n from (
            select 1 from knowledge_chunks_fts where knowledge_chunks_fts match ${ftsMatch([term])} limit ${atMost})`.execute(this.#db);
    return Number(result.rows[0]?.n ?? 0);
  }

  async vector(embedding: number[], requested: SearchScope & { model: string }, limit: number): Promise<SearchHit[]> {
    if (scopeIsEmpty(requested) || embedding.length === 0) return [];
    // Knowledge bases of other workspaces leave the scope first, so they cannot take places
    // in a nearest-neighbour list that the workspace check would empty afterwards.
    const own = await this.#db
      .selectFrom("knowledge_bases")
      .select("id")
      .where("workspace_id", "=", requested.workspaceId)
      .where("id", "in", requested.knowledgeBaseIds)
      .execute();
    const scope = { ...requested, knowledgeBaseIds: own.map((kb) => kb.id) };
    if (scope.knowledgeBaseIds.length === 0) return [];
    const query = normalised(embedding);
    const ranked = await this.#nearest(query, scope, limit);
    return this.#hydrate(scope.workspaceId, ranked);
  }

  async #nearest(query: Float32Array, scope: SearchScope & { model: string }, limit: number): Promise<{ chunk_id: string; score: number }[]> {
    const engine = await this.#vectorEngine();
    if (engine === "exact") return (await this.#exact.search(query, scope, limit)).map((h) => ({ chunk_id: h.chunkId, score: h.score }));
    if (engine === "pgvector") {
      const literal = `[${query.join(",")}]`;
      const result = await sql<{ chunk_id: string; score: number }>`
        select v.chunk_id, 1 - (v.embedding_pgv <=> ${literal}::vector) as score from knowledge_chunk_vectors v
        where v.model = ${scope.model} and v.dims = ${query.length} and ${scopeConditions("postgres", "v", scope)}
        order by v.embedding_pgv <=> ${literal}::vector limit ${limit}`.execute(this.#db);
      return result.rows;
    }
    const narrowed = scope.documentIds || scope.tags?.length || Object.keys(scope.metadata ?? {}).length;
    if (!narrowed) return this.#vec.search(query, scope, limit);
    const result = await sql<{ chunk_id: string; score: number }>`
      select v.chunk_id, 1 - vec_distance_cosine(v.embedding, ${toBytes(query)}) as score from knowledge_chunk_vectors v
      where v.model = ${scope.model} and v.dims = ${query.length} and ${scopeConditions("sqlite", "v", scope)}
      order by score desc limit ${limit}`.execute(this.#db);
    return result.rows;
  }

  async storeEmbeddings(
    document: Pick<KnowledgeDocument, "id" | "knowledgeBaseId" | "workspaceId">,
    model: string,
    embeddings: { chunkId: string; vector: number[] }[],
  ): Promise<void> {
    if (embeddings.length === 0) return;
    const engine = await this.#vectorEngine();
    const pgvector = engine === "pgvector";
    await this.#db.transaction().execute(async (trx) => {
      if (engine === "sqlite-vec") for (const dims of new Set(embeddings.map((e) => e.vector.length))) if (dims > 0) await this.#vec.ensure(trx, dims);
      // First, so concurrent writers to this knowledge base queue here until this one commits
      // (what lets the exact index fetch only newer versions).
      const { version } = await trx
        .insertInto("knowledge_vector_versions")
        .values({ knowledge_base_id: document.knowledgeBaseId, version: 1 })
        .onConflict((oc) => oc.column("knowledge_base_id").doUpdateSet({ version: sql`knowledge_vector_versions.version + 1` }))
        .returning("version")
        .executeTakeFirstOrThrow();
      for (let i = 0; i < embeddings.length; i += WRITE_BATCH) {
        const batch = embeddings.slice(i, i + WRITE_BATCH);
        // Only chunks of this document in this workspace take a vector, with their current state.
        const chunks = await trx
          .selectFrom("knowledge_chunks")
          .select(["id", "enabled"])
          .where("workspace_id", "=", document.workspaceId)
          .where("document_id", "=", document.id)
          .where(
            "id",
            "in",
            batch.map((e) => e.chunkId),
          )
          .execute();
        const enabled = new Map(chunks.map((c) => [c.id, c.enabled]));
        const rows = batch
          .filter((e) => enabled.has(e.chunkId) && e.vector.length > 0)
          .map((e) => {
            const vector = normalised(e.vector);
            const row = {
              chunk_id: e.chunkId,
              document_id: document.id,
              knowledge_base_id: document.knowledgeBaseId,
              workspace_id: document.workspaceId,
              model,
              dims: vector.length,
              enabled: enabled.get(e.chunkId) as number,
              version,
              embedding: toBytes(vector),
            };
            // Not in the Database type: the column exists only where pgvector is installed.
            return pgvector ? { ...row, embedding_pgv: sql`${`[${vector.join(",")}]`}::vector` } : row;
          });
        if (rows.length === 0) continue;
        await trx
          .insertInto("knowledge_chunk_vectors")
          .values(rows)
          .onConflict((oc) =>
            oc.column("chunk_id").doUpdateSet((eb) => ({
              model: eb.ref("excluded.model"),
              dims: eb.ref("excluded.dims"),
              enabled: eb.ref("excluded.enabled"),
              version: eb.ref("excluded.version"),
              embedding: eb.ref("excluded.embedding"),
              ...(pgvector ? ({ embedding_pgv: sql`excluded.embedding_pgv` } as object) : {}),
            })),
          )
          .execute();
      }
    });
  }

  /** Reads the ranked chunks, keeping the rank order; a chunk deleted in between is skipped. */
  async #hydrate(workspaceId: string, ranked: { chunk_id: string; score: number }[]): Promise<SearchHit[]> {
    if (ranked.length === 0) return [];
    const rows = await this.#db
      .selectFrom("knowledge_chunks as c")
      .innerJoin("knowledge_documents as d", "d.id", "c.document_id")
      .selectAll("c")
      .select("d.name as document_name")
      .where("c.workspace_id", "=", workspaceId)
      .where(
        "c.id",
        "in",
        ranked.map((r) => r.chunk_id),
      )
      .execute();
    const byId = new Map(rows.map((row) => [row.id, row]));
    const hits: SearchHit[] = [];
    for (const { chunk_id, score } of ranked) {
      const row = byId.get(chunk_id);
      if (row) hits.push({ chunk: toChunk(row), documentName: row.document_name, score: Number(score) });
    }
    return hits;
  }

  #vectorEngine(): Promise<VectorEngine> {
    this.#engine ??= this.#detectEngine();
    return this.#engine;
  }

  async #detectEngine(): Promise<VectorEngine> {
    if (this.#dialect === "postgres") {
      const column = await sql`
        select 1 from information_schema.columns
        where table_schema = current_schema() and table_name = 'knowledge_chunk_vectors' and column_name = 'embedding_pgv'`.execute(this.#db);
      return column.rows.length > 0 ? "pgvector" : "exact";
    }
    try {
      await sql`select vec_version()`.execute(this.#db);
      return "sqlite-vec";
    } catch {
      return "exact";
    }
  }
}

/** Each term a quoted FTS5 string (nothing in it is syntax); a lone CJK character is a prefix. */
const ftsMatch = (terms: QueryTerm[]) => terms.map((t) => `"${t.text.replaceAll('"', '""')}"${t.prefix ? "*" : ""}`).join(" OR ");

/** The same as a tsquery: quoted lexemes (the config stems them) joined by OR. */
const tsQuery = (terms: QueryTerm[]) => terms.map((t) => `'${t.text.replaceAll("\\", "\\\\").replaceAll("'", "''")}'${t.prefix ? ":*" : ""}`).join(" | ");

/** Unit length, so cosine is a dot product everywhere (the exact index relies on it). */
function normalised(vector: number[]): Float32Array {
  const out = Float32Array.from(vector);
  let sum = 0;
  for (const x of out) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / norm;
  return out;
}

/** Little-endian float32 bytes, what sqlite-vec reads; a Buffer binds as a blob/bytea on both drivers. */
const toBytes = (vector: Float32Array) => Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);

type ChunkRow = Database["knowledge_chunks"];

function toChunk(row: ChunkRow): KnowledgeChunk {
  return {
    id: row.id,
    documentId: row.document_id,
    knowledgeBaseId: row.knowledge_base_id,
    workspaceId: row.workspace_id,
    seq: row.seq,
    text: row.text,
    headingPath: json<string[]>(row.heading_path),
    page: row.page,
    tokenCount: row.token_count,
    enabled: bool(row.enabled),
    edited: bool(row.edited),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
