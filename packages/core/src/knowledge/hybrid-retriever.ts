import { AppError, messageWithDiagnostic } from "../errors.js";
import type { KnowledgeBaseRepository, KnowledgeSearchRepository } from "../ports/repositories.js";
import type { Embedder, Reranker, Retriever } from "./knowledge-ports.js";
import type { KnowledgeBase, RetrievalHit, RetrievalQuery } from "./knowledge-types.js";
import { fuseRankings, type RankedList } from "./reciprocal-rank-fusion.js";

export interface HybridRetrieverDeps {
  bases: Pick<KnowledgeBaseRepository, "find">;
  search: Pick<KnowledgeSearchRepository, "fullText" | "vector">;
  embedder: Embedder;
  /** Absent: rerank models are ignored (with a warning). */
  reranker?: Reranker;
  /** Told about what retrieval did without (a rerank model that cannot rerank, unknown knowledge bases). */
  onWarning?: (message: string, details: Record<string, unknown>) => void;
}

/** The documented message of `RetrivalFailed` (Model Studio's spelling). */
export const RETRIEVAL_FAILED_MESSAGE = "Failed to retrieve data from documents.";

/** Chunks each retriever contributes to fusion (and the reranker sees): enough for recall, few enough to stay fast. */
export function candidateCount(topK: number): number {
  return Math.min(200, Math.max(50, topK * 4));
}

/**
 * Hybrid retrieval behind the {@link Retriever} port:
 *
 * 1. full-text over all the query's knowledge bases, and per embedding model one query
 *    embedding and a vector search over the knowledge bases using that model, all at once;
 * 2. reciprocal-rank fusion of those lists (score 0..1, see `fuseRankings`);
 * 3. when a knowledge base names a rerank model, the provider's `/rerank` reorders the best
 *    fused candidates and its relevance (0..1) becomes the score; a provider without `/rerank`,
 *    or one that fails, leaves the fused order (with a warning);
 * 4. hits below `scoreThreshold` are dropped, the first `topK` returned.
 *
 * Knowledge bases that are not in the query's workspace are skipped as unknown. A knowledge base
 * without an embedding model is searched by full text alone, so retrieval works with no model
 * at all. Any failure is `AppError("RetrivalFailed")` (its cause in `diagnostic`), except an
 * abort, which rethrows the signal's reason.
 */
export function createHybridRetriever(deps: HybridRetrieverDeps): Retriever {
  const warn = deps.onWarning ?? (() => {});
  return {
    async retrieve(query: RetrievalQuery, signal?: AbortSignal): Promise<RetrievalHit[]> {
      try {
        return await retrieve(deps, warn, query, signal);
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (error instanceof AppError && error.code === "RetrivalFailed") throw error;
        throw new AppError("RetrivalFailed", RETRIEVAL_FAILED_MESSAGE, undefined, messageWithDiagnostic(error));
      }
    },
  };
}

type Warn = NonNullable<HybridRetrieverDeps["onWarning"]>;

async function retrieve(deps: HybridRetrieverDeps, warn: Warn, query: RetrievalQuery, signal: AbortSignal | undefined): Promise<RetrievalHit[]> {
  const text = query.query.trim();
  if (text === "" || query.topK <= 0) return [];
  const bases = await basesOf(deps, warn, query);
  if (bases.length === 0) return [];
  signal?.throwIfAborted();

  const filter = {
    workspaceId: query.workspaceId,
    ...(query.documentIds ? { documentIds: query.documentIds } : {}),
    ...(query.tags ? { tags: query.tags } : {}),
    ...(query.metadata ? { metadata: query.metadata } : {}),
  };
  const limit = candidateCount(query.topK);
  const byModel = new Map<string, string[]>();
  for (const kb of bases) if (kb.embeddingModel) byModel.set(kb.embeddingModel, [...(byModel.get(kb.embeddingModel) ?? []), kb.id]);

  const lists: RankedList[] = await Promise.all([
    deps.search.fullText(text, { ...filter, knowledgeBaseIds: bases.map((kb) => kb.id) }, limit).then((hits) => ({ kind: "fulltext" as const, hits })),
    ...[...byModel].map(async ([model, knowledgeBaseIds]) => {
      const [embedding] = await deps.embedder.embed(model, [text], signal);
      if (!embedding) throw new Error(`embedding model '${model}' returned no vector for the query`);
      signal?.throwIfAborted();
      return { kind: "vector" as const, hits: await deps.search.vector(embedding, { ...filter, knowledgeBaseIds, model }, limit) };
    }),
  ]);
  signal?.throwIfAborted();

  const withVectors = new Set(bases.filter((kb) => kb.embeddingModel).map((kb) => kb.id));
  let hits = fuseRankings(lists, (kbId) => (withVectors.has(kbId) ? 2 : 1));
  hits = await rerank(deps, warn, bases, text, hits, query.topK, signal);
  if (query.scoreThreshold !== undefined) hits = hits.filter((hit) => hit.score >= (query.scoreThreshold as number));
  return hits.slice(0, query.topK);
}

async function basesOf(deps: HybridRetrieverDeps, warn: Warn, query: RetrievalQuery): Promise<KnowledgeBase[]> {
  const ids = [...new Set(query.knowledgeBaseIds)];
  const found = await Promise.all(ids.map((id) => deps.bases.find(query.workspaceId, id)));
  const missing = ids.filter((_, i) => !found[i]);
  if (missing.length > 0) warn("knowledge bases not found in the workspace were skipped", { workspaceId: query.workspaceId, knowledgeBaseIds: missing });
  return found.filter((kb): kb is KnowledgeBase => kb !== undefined);
}

async function rerank(
  deps: HybridRetrieverDeps,
  warn: Warn,
  bases: KnowledgeBase[],
  query: string,
  fused: RetrievalHit[],
  topK: number,
  signal: AbortSignal | undefined,
): Promise<RetrievalHit[]> {
  // The reranker sees the best of the fused list only: it is slow per text, and what it does
  // not see cannot be compared with what it scored.
  const hits = fused.slice(0, Math.min(100, Math.max(20, topK * 3)));
  const models = [...new Set(bases.map((kb) => kb.rerankModel).filter((m): m is string => !!m))];
  const model = models[0];
  if (!model || hits.length === 0) return fused;
  if (models.length > 1) warn("knowledge bases name different rerank models; the first is used", { models, used: model });
  if (!deps.reranker) {
    warn("rerank model ignored: no reranker is configured", { model });
    return fused;
  }
  let scores: number[] | undefined;
  try {
    scores = await deps.reranker.rerank(
      model,
      query,
      hits.map((hit) => hit.chunk.text),
      signal,
    );
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    warn("rerank failed; the fused order is kept", { model, error: messageWithDiagnostic(error) });
    return fused;
  }
  if (!scores) {
    warn("rerank model ignored: its provider has no /rerank endpoint", { model });
    return fused;
  }
  const reranked = hits.map((hit, i) => {
    const score = scores[i] ?? 0;
    return { ...hit, score, sources: { ...hit.sources, rerank: { score } } };
  });
  return reranked.sort((a, b) => b.score - a.score);
}
