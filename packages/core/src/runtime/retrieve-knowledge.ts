import type { AgentKnowledgeConfig } from "../apps/app-types.js";
import { resolvedKnowledge } from "../apps/default-app-config.js";
import { AppError, invalidField, isAppError, messageWithDiagnostic } from "../errors.js";
import { RETRIEVAL_FAILED_MESSAGE } from "../knowledge/hybrid-retriever.js";
import type { Retriever } from "../knowledge/knowledge-ports.js";
import type { RetrievalHit } from "../knowledge/knowledge-types.js";
import type { KnowledgeBaseRepository } from "../ports/repositories.js";
import type { AgentThought, DocReference, RagOptions } from "./agent-events.js";

/** What an agent needs to search knowledge bases: the retriever and a way to check IDs. */
export interface KnowledgeAccess {
  retriever: Retriever;
  knowledgeBases: Pick<KnowledgeBaseRepository, "find">;
}

/** `action_name` Model Studio gives knowledge-retrieval thoughts; clients may key on it. */
export const RAG_ACTION_NAME = "知识检索";

export interface KnowledgeStep {
  /** The sources as numbered for the model; empty when nothing matched. */
  sources: DocReference[];
  /** Instructions and sources for the system prompt; empty when nothing matched. */
  systemText: string;
  thought: AgentThought;
  showSources: boolean;
  /** Set when nothing matched and the app answers with fixed text instead of the model. */
  fixedReply?: string;
}

export interface RetrieveKnowledgeInput {
  config: AgentKnowledgeConfig | undefined;
  ragOptions: RagOptions | undefined;
  access: KnowledgeAccess | undefined;
  workspaceId: string | undefined;
  query: string;
  signal: AbortSignal;
  /** Told about knowledge bases the app names that no longer exist. */
  onWarning?: (message: string, details: Record<string, unknown>) => void;
}

/**
 * The retrieval step of an agent turn, or undefined when the turn searches nothing (no
 * knowledge settings and no `rag_options.pipeline_ids`).
 *
 * `rag_options.pipeline_ids` replaces the app's knowledge bases for the call; an ID that is not
 * a knowledge base of the app's workspace (unknown, or another workspace's: the two are not
 * told apart) is a 400 `InvalidParameter`. A knowledge base the app's settings name that was
 * deleted since is skipped with a warning (the app keeps answering from the others) and listed
 * in the thought. A failing search is a 500 `RetrivalFailed`, Model Studio's spelling.
 */
export async function retrieveKnowledge(input: RetrieveKnowledgeInput): Promise<KnowledgeStep | undefined> {
  const requested = input.ragOptions?.pipelineIds ?? [];
  if (!input.config && requested.length === 0) return undefined;
  const settings = resolvedKnowledge(input.config ?? { knowledgeBaseIds: [] });
  if (!input.access || !input.workspaceId) {
    if (requested.length > 0 || settings.knowledgeBaseIds.length > 0)
      throw new AppError("RetrivalFailed", RETRIEVAL_FAILED_MESSAGE, undefined, "knowledge retrieval is not available in this context");
    return undefined;
  }
  const { access, workspaceId } = input;
  const found = async (id: string) => (await access.knowledgeBases.find(workspaceId, id)) !== undefined;

  let knowledgeBaseIds: string[];
  const skipped: string[] = [];
  if (requested.length > 0) {
    for (const [i, id] of requested.entries()) {
      if (!(await found(id))) throw invalidField(`parameters.rag_options.pipeline_ids[${i}]`, `no knowledge base '${id}' in this workspace`);
    }
    knowledgeBaseIds = [...new Set(requested)];
  } else {
    knowledgeBaseIds = [];
    for (const id of settings.knowledgeBaseIds) ((await found(id)) ? knowledgeBaseIds : skipped).push(id);
    if (skipped.length > 0) input.onWarning?.("the app names knowledge bases that no longer exist; they were skipped", { knowledgeBaseIds: skipped });
  }
  if (knowledgeBaseIds.length === 0 && requested.length === 0 && skipped.length === 0) return undefined;

  const hits = knowledgeBaseIds.length === 0 ? [] : await search(access.retriever, input, workspaceId, knowledgeBaseIds, settings);
  const sources = numberedSources(hits, settings.maxContextChars);
  const args = JSON.stringify({ query: input.query, pipeline_ids: knowledgeBaseIds, ...(skipped.length > 0 ? { skipped_pipeline_ids: skipped } : {}) });
  const thought: AgentThought = {
    actionType: "agentRag",
    action: "rag",
    actionName: RAG_ACTION_NAME,
    arguments: args,
    observation: JSON.stringify(sources.map((s) => observationOf(s, hits))),
  };
  const step: KnowledgeStep = { sources, systemText: sources.length > 0 ? sourcesPrompt(sources) : "", thought, showSources: settings.showSources };
  if (sources.length === 0 && settings.noMatch.mode === "fixed" && (settings.noMatch.reply ?? "").trim() !== "") step.fixedReply = settings.noMatch.reply;
  return step;
}

async function search(
  retriever: Retriever,
  input: RetrieveKnowledgeInput,
  workspaceId: string,
  knowledgeBaseIds: string[],
  settings: ReturnType<typeof resolvedKnowledge>,
): Promise<RetrievalHit[]> {
  const rag = input.ragOptions ?? {};
  try {
    return await retriever.retrieve(
      {
        workspaceId,
        query: input.query,
        topK: settings.topK,
        knowledgeBaseIds,
        ...(settings.scoreThreshold !== undefined ? { scoreThreshold: settings.scoreThreshold } : {}),
        ...(rag.fileIds && rag.fileIds.length > 0 ? { documentIds: rag.fileIds } : {}),
        ...(rag.tags && rag.tags.length > 0 ? { tags: rag.tags } : {}),
        ...(rag.metadataFilter && Object.keys(rag.metadataFilter).length > 0 ? { metadata: rag.metadataFilter } : {}),
      },
      input.signal,
    );
  } catch (error) {
    if (input.signal.aborted) throw error;
    if (isAppError(error) && error.code === "RetrivalFailed") throw error;
    // The documented message for callers; the cause stays in the log and the console.
    throw new AppError("RetrivalFailed", RETRIEVAL_FAILED_MESSAGE, undefined, messageWithDiagnostic(error));
  }
}

/** Hits in rank order, numbered from 1, as many as fit in `maxChars` (the first always, cut to fit). */
export function numberedSources(hits: RetrievalHit[], maxChars: number): DocReference[] {
  const sources: DocReference[] = [];
  let used = 0;
  for (const hit of hits) {
    const room = maxChars - used;
    if (room <= 0) break;
    if (hit.chunk.text.length > room && sources.length > 0) break;
    const text = hit.chunk.text.slice(0, room);
    used += text.length;
    const heading = hit.chunk.headingPath.at(-1);
    sources.push({
      index: sources.length + 1,
      documentId: hit.chunk.documentId,
      documentName: hit.documentName,
      chunkId: hit.chunk.id,
      title: heading ?? hit.documentName,
      text,
      pages: hit.chunk.page === null ? [] : [hit.chunk.page],
    });
  }
  return sources;
}

function sourcesPrompt(sources: DocReference[]): string {
  const blocks = sources.map((s) => {
    const where = [s.documentName, s.pages.length > 0 ? `page ${s.pages.join(", ")}` : "", s.title !== s.documentName ? s.title : ""]
      .filter(Boolean)
      .join(", ");
    return `[${s.index}] (${where})\n${s.text}`;
  });
  return [
    "Answer from the numbered sources below when they are relevant. After each statement that uses a source, cite it as <ref>[n]</ref>, n being the source's number. If the sources do not contain the answer, say so.",
    "<sources>",
    blocks.join("\n\n"),
    "</sources>",
  ].join("\n");
}

/** One element of the `agentRag` thought's `observation`, in Model Studio's field names. */
function observationOf(source: DocReference, hits: RetrievalHit[]) {
  const hit = hits.find((h) => h.chunk.id === source.chunkId);
  return {
    content: source.text,
    dataId: source.documentId,
    dataName: source.documentName,
    display: true,
    id: source.chunkId,
    images: [],
    referenceIndex: source.index,
    score: Math.round((hit?.score ?? 0) * 10_000) / 10_000,
    title: source.title,
    webSearch: false,
  };
}

/** `<ref>[n]</ref>` markers of a text (also `<ref>[1][2]</ref>` and `<ref>[1,2]</ref>`), in order of first use. */
export function citedIndexes(text: string): number[] {
  const seen = new Set<number>();
  for (const m of text.matchAll(/<ref>([^<]{1,40})<\/ref>/g)) {
    for (const n of m[1]?.match(/\d+/g) ?? []) seen.add(Number(n));
  }
  return [...seen];
}

/** The sources an answer cites; `all` on an answer that cites none gives every source (so the caller still sees them). */
export function citedSources(text: string, sources: DocReference[], whenNoneCited: "none" | "all"): DocReference[] {
  const cited = new Set(citedIndexes(text));
  const picked = sources.filter((s) => cited.has(s.index));
  return picked.length === 0 && whenNoneCited === "all" ? sources : picked;
}
