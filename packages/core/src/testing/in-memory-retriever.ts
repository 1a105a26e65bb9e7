import type { Retriever } from "../knowledge/knowledge-ports.js";
import type { KnowledgeChunk, MetadataValue, RetrievalHit, RetrievalQuery } from "../knowledge/knowledge-types.js";
import { grams } from "../memory/select-memory-nodes.js";
import type { KnowledgeBaseRepository } from "../ports/repositories.js";

/** A chunk as the fake knows it: with its document's name, tags and metadata. */
export interface FakeChunk {
  workspaceId: string;
  knowledgeBaseId: string;
  documentId: string;
  documentName: string;
  text: string;
  page?: number | null;
  headingPath?: string[];
  tags?: string[];
  metadata?: Record<string, MetadataValue>;
}

/**
 * Stand-in for the hybrid retriever in tests of its callers: scores chunks by shared words and
 * bigrams, and applies every filter (workspace first) the way the port promises. `queries`
 * records what callers asked; `failWith` makes every search throw.
 */
export class InMemoryRetriever implements Retriever {
  readonly queries: RetrievalQuery[] = [];
  failWith: Error | undefined;
  private readonly chunks: (FakeChunk & { id: string })[] = [];

  add(...chunks: FakeChunk[]): this {
    for (const c of chunks) this.chunks.push({ ...c, id: `chunk-${this.chunks.length + 1}` });
    return this;
  }

  /** Knowledge bases of the added chunks (plus `extra`), as a repository's `find` sees them. */
  knowledgeBases(extra: { workspaceId: string; id: string }[] = []): Pick<KnowledgeBaseRepository, "find"> {
    const known = [...this.chunks.map((c) => ({ workspaceId: c.workspaceId, id: c.knowledgeBaseId })), ...extra];
    return {
      find: async (workspaceId, id) =>
        known.some((k) => k.workspaceId === workspaceId && k.id === id)
          ? ({ id, workspaceId } as Awaited<ReturnType<KnowledgeBaseRepository["find"]>>)
          : undefined,
    };
  }

  async retrieve(query: RetrievalQuery): Promise<RetrievalHit[]> {
    this.queries.push(query);
    if (this.failWith) throw this.failWith;
    const q = grams(query.query);
    return this.chunks
      .filter((c) => c.workspaceId === query.workspaceId && query.knowledgeBaseIds.includes(c.knowledgeBaseId))
      .filter((c) => !query.documentIds || query.documentIds.includes(c.documentId))
      .filter((c) => !query.tags || query.tags.every((t) => c.tags?.includes(t)))
      .filter((c) => !query.metadata || Object.entries(query.metadata).every(([k, v]) => c.metadata?.[k] === v))
      .map((c) => {
        const g = grams(c.text);
        const shared = [...g].filter((x) => q.has(x)).length;
        return { c, score: g.size === 0 ? 0 : shared / g.size };
      })
      .filter((r) => r.score > 0 && r.score >= (query.scoreThreshold ?? 0))
      .sort((a, b) => b.score - a.score)
      .slice(0, query.topK)
      .map(({ c, score }) => ({ chunk: toChunk(c), documentName: c.documentName, score, sources: { fulltext: { rank: 1, score } } }));
  }
}

function toChunk(c: FakeChunk & { id: string }): KnowledgeChunk {
  return {
    id: c.id,
    documentId: c.documentId,
    knowledgeBaseId: c.knowledgeBaseId,
    workspaceId: c.workspaceId,
    seq: 0,
    text: c.text,
    headingPath: c.headingPath ?? [],
    page: c.page ?? null,
    tokenCount: c.text.split(/\s+/).length,
    enabled: true,
    edited: false,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
  };
}
