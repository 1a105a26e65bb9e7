import type { SearchScope } from "@appstudio/core";
import { type Kysely, sql } from "kysely";
import type { DialectName } from "../dialects/create-database.js";
import type { Database } from "../schema.js";
import { scopeConditions } from "./knowledge-search-filters.js";

/**
 * Exact nearest-neighbour search in this process, for databases that cannot compute vector
 * distances themselves (PostgreSQL without pgvector; SQLite where sqlite-vec cannot load).
 * Computing cosine in SQL on stock PostgreSQL means unnesting every vector (~300 ms at 10k
 * chunks of 256 floats), and reading every vector per query moves ~1 KB per chunk, so vectors are kept in
 * memory per (workspace, knowledge base, model, vector length) and brought up to date by version:
 *
 * - every vector write bumps the knowledge base's row in `knowledge_vector_versions` first and
 *   stamps its rows with that version; the row lock serialises writers until commit, so a reader
 *   that sees version V has seen every row stamped ≤ V and only fetches rows stamped > V;
 * - deleted or disabled vectors are not tracked: candidates are checked against the table before
 *   they are returned, and a segment where many candidates fail the check is reloaded whole.
 */
export class ExactVectorIndex {
  readonly #db: Kysely<Database>;
  readonly #dialect: DialectName;
  readonly #maxBytes: number;
  readonly #segments = new Map<string, Segment>();

  constructor(db: Kysely<Database>, dialect: DialectName, options: { maxBytes?: number } = {}) {
    this.#db = db;
    this.#dialect = dialect;
    this.#maxBytes = options.maxBytes ?? 512 * 1024 * 1024;
  }

  /** Chunk IDs with cosine similarity, best first, all enabled and inside the scope. */
  async search(query: Float32Array, scope: SearchScope & { model: string }, limit: number): Promise<{ chunkId: string; score: number }[]> {
    const segments = await this.#fresh(scope, query.length);
    const allowed = await this.#allowedDocuments(scope);
    const table = scoreAll(segments, query, allowed);
    const found: { chunkId: string; score: number }[] = [];
    let start = 0;
    let batch = Math.max(limit * 2, 32);
    while (found.length < limit && start < table.scores.length) {
      const candidates = topSlice(table, start, batch);
      start += candidates.length;
      const valid = await this.#stillValid(
        candidates.map((c) => c.chunkId),
        scope,
        query.length,
      );
      const kept = candidates.filter((c) => valid.has(c.chunkId));
      found.push(...kept);
      // Many stale candidates: deletions piled up in memory; start those segments afresh.
      if (kept.length < candidates.length / 2) for (const c of candidates) if (!valid.has(c.chunkId)) c.segment.stale = true;
      batch *= 4;
    }
    return found.slice(0, limit).map(({ chunkId, score }) => ({ chunkId, score }));
  }

  async #fresh(scope: SearchScope & { model: string }, dims: number): Promise<Segment[]> {
    const versions = await this.#db
      .selectFrom("knowledge_vector_versions")
      .select(["knowledge_base_id", "version"])
      .where("knowledge_base_id", "in", scope.knowledgeBaseIds)
      .execute();
    const out: Segment[] = [];
    for (const row of versions) {
      const key = `${scope.workspaceId}/${row.knowledge_base_id}/${scope.model}/${dims}`;
      let segment = this.#segments.get(key);
      if (!segment || segment.stale) segment = new Segment(dims);
      const version = Number(row.version);
      if (segment.version < version) await this.#load(segment, scope.workspaceId, row.knowledge_base_id, scope.model);
      // Map order is the LRU order: most recently used last.
      this.#segments.delete(key);
      this.#segments.set(key, segment);
      out.push(segment);
    }
    this.#evict(new Set(out));
    return out;
  }

  async #load(segment: Segment, workspaceId: string, knowledgeBaseId: string, model: string): Promise<void> {
    const rows = await this.#db
      .selectFrom("knowledge_chunk_vectors")
      .select(["chunk_id", "document_id", "dims", "version", "embedding"])
      .where("workspace_id", "=", workspaceId)
      .where("knowledge_base_id", "=", knowledgeBaseId)
      .where("model", "=", model)
      .where("dims", "=", segment.dims)
      .where("version", ">", segment.version)
      .orderBy("version")
      .execute();
    for (const row of rows) {
      segment.put(row.chunk_id, row.document_id, row.embedding);
      segment.version = Math.max(segment.version, Number(row.version));
    }
  }

  #evict(inUse: Set<Segment>) {
    let total = 0;
    for (const segment of this.#segments.values()) total += segment.bytes;
    for (const [key, segment] of this.#segments) {
      if (total <= this.#maxBytes) break;
      if (inUse.has(segment)) continue;
      this.#segments.delete(key);
      total -= segment.bytes;
    }
  }

  /** Documents that pass the tag/metadata/document filters; undefined when there are none. */
  async #allowedDocuments(scope: SearchScope): Promise<Set<string> | undefined> {
    if (!scope.documentIds && !scope.tags?.length && !Object.keys(scope.metadata ?? {}).length) return undefined;
    const rows = await sql<{ document_id: string }>`
      select distinct s.document_id from knowledge_chunk_search s where ${scopeConditions(this.#dialect, "s", scope)}`.execute(this.#db);
    return new Set(rows.rows.map((r) => r.document_id));
  }

  async #stillValid(chunkIds: string[], scope: SearchScope & { model: string }, dims: number): Promise<Set<string>> {
    if (chunkIds.length === 0) return new Set();
    const rows = await sql<{ chunk_id: string }>`
      select v.chunk_id from knowledge_chunk_vectors v
      where v.chunk_id in (${sql.join(chunkIds)}) and v.model = ${scope.model} and v.dims = ${dims} and ${scopeConditions(this.#dialect, "v", scope)}`.execute(
      this.#db,
    );
    return new Set(rows.rows.map((r) => r.chunk_id));
  }
}

/** The vectors of one knowledge base, model and length, row-major in one growing Float32Array. */
class Segment {
  version = 0;
  stale = false;
  ids: string[] = [];
  documents: string[] = [];
  data = new Float32Array(0);
  readonly #rowOf = new Map<string, number>();

  constructor(readonly dims: number) {}

  get bytes() {
    return this.data.byteLength;
  }

  put(chunkId: string, documentId: string, bytes: Uint8Array) {
    const { dims } = this;
    let row = this.#rowOf.get(chunkId);
    if (row === undefined) {
      row = this.ids.length;
      this.ids.push(chunkId);
      this.documents.push(documentId);
      this.#rowOf.set(chunkId, row);
      if ((row + 1) * dims > this.data.length) {
        const grown = new Float32Array(Math.max(1024, this.data.length * 2, (row + 1) * dims));
        grown.set(this.data);
        this.data = grown;
      }
    }
    // Copied byte-wise: a driver's Buffer need not be 4-byte aligned for a Float32Array view.
    new Uint8Array(this.data.buffer, row * dims * 4, dims * 4).set(bytes.subarray(0, dims * 4));
  }
}

/** Every eligible row's score, flat (one object per row would cost more than the arithmetic). */
interface ScoreTable {
  scores: Float64Array;
  segmentOf: Uint32Array;
  rowOf: Uint32Array;
  segments: Segment[];
  /** Positions in the table, best first, as far as selected so far. */
  order?: Uint32Array;
}

function scoreAll(segments: Segment[], query: Float32Array, allowed: Set<string> | undefined): ScoreTable {
  let capacity = 0;
  for (const segment of segments) capacity += segment.ids.length;
  const table: ScoreTable = { scores: new Float64Array(capacity), segmentOf: new Uint32Array(capacity), rowOf: new Uint32Array(capacity), segments };
  let n = 0;
  segments.forEach((segment, s) => {
    const { dims, data, ids, documents } = segment;
    if (dims !== query.length) return;
    for (let row = 0; row < ids.length; row++) {
      if (allowed && !allowed.has(documents[row] as string)) continue;
      table.scores[n] = dot(data, row * dims, query);
      table.segmentOf[n] = s;
      table.rowOf[n] = row;
      n++;
    }
  });
  table.scores = table.scores.subarray(0, n);
  return table;
}

/** Four running sums: independent additions the CPU overlaps (about 1.5x a plain loop here). */
function dot(data: Float32Array, offset: number, query: Float32Array): number {
  const n = query.length;
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    a += (data[offset + i] as number) * (query[i] as number);
    b += (data[offset + i + 1] as number) * (query[i + 1] as number);
    c += (data[offset + i + 2] as number) * (query[i + 2] as number);
    d += (data[offset + i + 3] as number) * (query[i + 3] as number);
  }
  for (; i < n; i++) a += (data[offset + i] as number) * (query[i] as number);
  return a + b + c + d;
}

interface Candidate {
  chunkId: string;
  score: number;
  segment: Segment;
}

/**
 * Candidates `start` to `start + count` by descending score. The first batch is picked with a
 * bounded min-heap (a full sort of 100k scores costs more than the dot products); a rare
 * second batch sorts everything once.
 */
function topSlice(table: ScoreTable, start: number, count: number): Candidate[] {
  const { scores } = table;
  const want = Math.min(start + count, scores.length);
  if (!table.order || table.order.length < want) table.order = want * 4 >= scores.length ? sortAll(scores) : bestOf(scores, want);
  const out: Candidate[] = [];
  for (const at of table.order.subarray(start, want)) {
    const segment = table.segments[table.segmentOf[at] as number] as Segment;
    out.push({ chunkId: segment.ids[table.rowOf[at] as number] as string, score: scores[at] as number, segment });
  }
  return out;
}

function sortAll(scores: Float64Array): Uint32Array {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => (scores[b] as number) - (scores[a] as number));
}

function bestOf(scores: Float64Array, k: number): Uint32Array {
  // Min-heap of positions keyed by score: the root is the weakest of the best k so far.
  const heap = new Uint32Array(k);
  let size = 0;
  const less = (a: number, b: number) => (scores[heap[a] as number] as number) < (scores[heap[b] as number] as number);
  const swap = (a: number, b: number) => {
    const t = heap[a] as number;
    heap[a] = heap[b] as number;
    heap[b] = t;
  };
  const down = (from: number) => {
    let i = from;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < size && less(l, m)) m = l;
      if (r < size && less(r, m)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  for (let at = 0; at < scores.length; at++) {
    if (size < k) {
      heap[size] = at;
      let i = size++;
      while (i > 0 && less(i, (i - 1) >> 1)) {
        swap(i, (i - 1) >> 1);
        i = (i - 1) >> 1;
      }
    } else if ((scores[at] as number) > (scores[heap[0] as number] as number)) {
      heap[0] = at;
      down(0);
    }
  }
  return heap.subarray(0, size).sort((a, b) => (scores[b] as number) - (scores[a] as number));
}
