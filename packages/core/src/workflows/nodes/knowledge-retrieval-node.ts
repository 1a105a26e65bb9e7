import type { MetadataValue } from "../../knowledge/knowledge-types.js";
import { toText } from "../variables.js";
import { type NodeDefinition, NodeFailure } from "../workflow-types.js";
import { ConfigReader } from "./config-reader.js";

export interface KnowledgeRetrievalConfig {
  /** Template: usually `{{Start_xxxx.query}}`. */
  query: string;
  knowledgeBaseIds: string[];
  topK: number;
  scoreThreshold?: number;
  /** Only documents carrying every tag. */
  tags: string[];
  /** Exact matches on document metadata. */
  metadata: Record<string, MetadataValue>;
}

/** One element of the node's `result` output. */
interface RetrievedChunk {
  content: string;
  title: string;
  documentId: string;
  documentName: string;
  /** 1-based page (PDF), else null. */
  page: number | null;
  score: number;
}

const isMetadataValue = (v: unknown): v is MetadataValue => typeof v === "string" || typeof v === "number" || typeof v === "boolean";

/**
 * Searches knowledge bases of the app's workspace for a query and outputs the ranked chunks,
 * for later nodes to use (an LLM prompt with `{{KnowledgeRetrieval_xxxx.result}}`, an Iteration ...).
 */
export const knowledgeRetrievalNode: NodeDefinition<KnowledgeRetrievalConfig> = {
  type: "KnowledgeRetrieval",
  parse(raw, report) {
    const r = new ConfigReader(raw, report);
    const knowledgeBaseIds = r.array("knowledgeBaseIds", { required: true, max: 20 }).filter((id, i): id is string => {
      if (typeof id === "string" && id.length > 0 && id.length <= 64) return true;
      report(`knowledgeBaseIds[${i}]`, "must be a knowledge base ID");
      return false;
    });
    if (raw.knowledgeBaseIds !== undefined && Array.isArray(raw.knowledgeBaseIds) && raw.knowledgeBaseIds.length === 0)
      report("knowledgeBaseIds", "choose at least one knowledge base");
    const tags = r.array("tags", { max: 50 }).filter((t, i): t is string => {
      if (typeof t === "string" && t !== "") return true;
      report(`tags[${i}]`, "must be a non-empty string");
      return false;
    });
    const metadata: Record<string, MetadataValue> = {};
    for (const [key, value] of Object.entries(r.record("metadata"))) {
      if (isMetadataValue(value)) metadata[key] = value;
      else report(`metadata.${key}`, "must be a string, a number or a boolean");
    }
    const scoreThreshold = r.number("scoreThreshold", { min: 0, max: 1 });
    return {
      query: r.string("query", { required: true, max: 10_000 }),
      knowledgeBaseIds,
      topK: r.number("topK", { fallback: 5, min: 1, max: 20, integer: true }) ?? 5,
      ...(scoreThreshold !== undefined ? { scoreThreshold } : {}),
      tags,
      metadata,
    };
  },
  outputs: () => ({ result: "Array<Object>" }),
  sources: (config) => [{ field: "query", value: config.query }],
  defaultTimeoutMs: 60_000,
  async run(ctx) {
    const { config, call, deps } = ctx;
    if (!deps.knowledge) throw new NodeFailure("RetrivalFailed", "knowledge retrieval is not available on this server");
    const query = toText(ctx.inputs.query).trim();
    if (query === "") return { outputs: { result: [] } };
    for (const id of config.knowledgeBaseIds) {
      // Another workspace's knowledge base reads as missing, so a workflow cannot probe IDs.
      if (!(await deps.knowledge.knowledgeBases.find(call.workspaceId, id)))
        throw new NodeFailure("InvalidInput", `no knowledge base '${id}' in this workspace`);
    }
    let hits: Awaited<ReturnType<typeof deps.knowledge.retriever.retrieve>>;
    try {
      hits = await deps.knowledge.retriever.retrieve(
        {
          workspaceId: call.workspaceId,
          query,
          topK: config.topK,
          knowledgeBaseIds: config.knowledgeBaseIds,
          ...(config.scoreThreshold !== undefined ? { scoreThreshold: config.scoreThreshold } : {}),
          ...(config.tags.length > 0 ? { tags: config.tags } : {}),
          ...(Object.keys(config.metadata).length > 0 ? { metadata: config.metadata } : {}),
        },
        ctx.signal,
      );
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      throw new NodeFailure("RetrivalFailed", `knowledge retrieval failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const result: RetrievedChunk[] = hits.map((hit) => ({
      content: hit.chunk.text,
      title: hit.chunk.headingPath.at(-1) ?? hit.documentName,
      documentId: hit.chunk.documentId,
      documentName: hit.documentName,
      page: hit.chunk.page,
      score: Math.round(hit.score * 10_000) / 10_000,
    }));
    return { outputs: { result } };
  },
};
