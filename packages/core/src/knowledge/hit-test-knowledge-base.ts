import type { Principal } from "../auth/principal.js";
import type { CoreDeps } from "../context.js";
import { invalidField } from "../errors.js";
import { lookupKnowledgeBase } from "./knowledge-lookups.js";
import type { Retriever } from "./knowledge-ports.js";
import type { MetadataValue, RetrievalHit } from "./knowledge-types.js";

export const HIT_TEST_DEFAULT_TOP_K = 10;
export const HIT_TEST_MAX_TOP_K = 100;
export const HIT_TEST_MAX_QUERY_CHARS = 2000;

export interface HitTestInput {
  query: string;
  topK?: number;
  scoreThreshold?: number;
  documentIds?: string[];
  tags?: string[];
  metadata?: Record<string, MetadataValue>;
}

export interface HitTestResult {
  knowledgeBaseId: string;
  query: string;
  /** What searched: full text always; vectors when the knowledge base has an embedding model; the rerank model if any. */
  retrievers: { fullText: true; embeddingModel: string | null; rerankModel: string | null };
  hits: RetrievalHit[];
}

/**
 * Hit testing: runs a query against one knowledge base exactly as an agent would (same
 * retriever, same filters) and shows the ranked chunks with what each retriever scored them, so
 * users can tune chunking, models and thresholds. Needs `knowledge.read` in the knowledge base's
 * workspace; one the caller may not read is a 404, like a missing one.
 */
export async function hitTestKnowledgeBase(
  deps: CoreDeps,
  retriever: Retriever,
  principal: Principal,
  idOrName: string,
  input: HitTestInput & { workspaceId?: string },
  signal?: AbortSignal,
): Promise<HitTestResult> {
  const kb = await lookupKnowledgeBase(deps, principal, idOrName, input.workspaceId);
  const query = input.query.trim();
  if (query === "") throw invalidField("query", "must not be empty");
  if (query.length > HIT_TEST_MAX_QUERY_CHARS) throw invalidField("query", `must be at most ${HIT_TEST_MAX_QUERY_CHARS} characters`);
  const topK = input.topK ?? HIT_TEST_DEFAULT_TOP_K;
  if (!Number.isInteger(topK) || topK < 1 || topK > HIT_TEST_MAX_TOP_K) throw invalidField("topK", `must be an integer from 1 to ${HIT_TEST_MAX_TOP_K}`);
  const threshold = input.scoreThreshold;
  if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) throw invalidField("scoreThreshold", "must be from 0 to 1");

  const hits = await retriever.retrieve(
    {
      workspaceId: kb.workspaceId,
      knowledgeBaseIds: [kb.id],
      query,
      topK,
      ...(threshold !== undefined ? { scoreThreshold: threshold } : {}),
      ...(input.documentIds ? { documentIds: input.documentIds } : {}),
      ...(input.tags?.length ? { tags: input.tags } : {}),
      ...(input.metadata && Object.keys(input.metadata).length > 0 ? { metadata: input.metadata } : {}),
    },
    signal,
  );
  return { knowledgeBaseId: kb.id, query, retrievers: { fullText: true, embeddingModel: kb.embeddingModel, rerankModel: kb.rerankModel }, hits };
}
